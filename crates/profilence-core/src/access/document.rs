//! The readable copy of a person's data: « Vos données personnelles dans Profilence », in
//! French, on as many A4 pages as it takes — the profile, the consent and its history,
//! every promotion with its events, the sheets sent, and the person's rights.

use crate::{
    Error, Result,
    clock::local_day,
    hiring_aids::Public,
    pdf::{self, Align, Block, Face, Flow, Info, Margins, Style},
    promotions::{PromotionEvent, PromotionHistory},
    text::{french_date, french_list, long_date},
};

use super::{Person, SheetCopy};

const MARGINS: Margins = Margins { x: 50.0, top: 48.0, bottom: 56.0 };
const TITLE: Style = Style::new(Face::Bold, 18.0);
const SUBTITLE: Style = Style::new(Face::Regular, 9.5).grey(0.3);
const HEADING: Style = Style::new(Face::Bold, 12.5);
const SUBHEADING: Style = Style::new(Face::Bold, 10.0);
const LABEL: Style = Style::new(Face::Bold, 8.8).grey(0.3);
const BODY: Style = Style::new(Face::Regular, 9.5);
const SMALL: Style = Style::new(Face::Regular, 7.5).grey(0.4);
/// Width of the label column of a field.
const LABEL_WIDTH: f32 = 150.0;
const SECTION_GAP: f32 = 16.0;

pub(super) const TITLE_TEXT: &str = "Vos données personnelles dans Profilence";

/// A sheet as the PDF lists it.
pub(super) struct SheetLine {
    promotion_id: i64,
    file: String,
    anonymous: bool,
    sha256: String,
    created_at: String,
}

impl From<&SheetCopy> for SheetLine {
    fn from(copy: &SheetCopy) -> Self {
        Self {
            promotion_id: copy.promotion_id,
            file: copy.file.clone(),
            anonymous: copy.anonymous,
            sha256: copy.sha256.clone(),
            created_at: copy.created_at.clone(),
        }
    }
}

/// The PDF and its number of pages.
pub(super) fn write(person: &Person, sheets: &[SheetLine]) -> Result<(Vec<u8>, u32)> {
    let mut flow = Flow::new(MARGINS);
    header(&mut flow, person);
    profile(&mut flow, person);
    consent(&mut flow, person);
    promotions(&mut flow, &person.promotions);
    sent_sheets(&mut flow, sheets);
    rights(&mut flow, person);
    let footer = format!("{TITLE_TEXT} — candidat·e n° {} — {}", person.candidate.id, french_date(person.today));
    let pages = flow.finish(&footer, SMALL);
    let pdf = pdf::write_pdf(
        &pages,
        &Info { title: TITLE_TEXT, author: &person.me.name, subject: "Droit d'accès", created: None },
    )
    .map_err(|e| Error::Sheet(e.to_string()))?;
    Ok((pdf, u32::try_from(pages.len()).unwrap_or(u32::MAX)))
}

fn header(flow: &mut Flow, person: &Person) {
    let width = flow.width();
    flow.add(&Block::lines(&pdf::wrap(TITLE_TEXT, TITLE, width), TITLE, width, Align::Left), 0.0);
    let me = &person.me;
    let by = [me.name.as_str(), me.agency.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
    let by = if by.is_empty() { "votre conseiller·ère".to_owned() } else { by.join(", ") };
    let intro = format!(
        "Établi le {} par {by}, à votre demande : tout ce que Profilence, l'outil de promotion de profils de \
         votre conseiller·ère, conserve sur vous (droit d'accès, article 15 du RGPD). Le fichier JSON joint \
         contient les mêmes données dans un format lisible par un autre logiciel (droit à la portabilité, \
         article 20) ; le dossier « …-fiches » joint, les fiches profil envoyées aux employeurs, telles quelles.",
        long_date(person.today)
    );
    flow.paragraph(&intro, SUBTITLE, 6.0);
}

fn section(flow: &mut Flow, title: &str) {
    let heading = Block::heading(title, HEADING, flow.width());
    flow.keep(heading.height() + 3.0 * BODY.leading(), SECTION_GAP);
    flow.add(&heading, SECTION_GAP);
}

/// One field: its label on the left, its value wrapped beside it (« non renseigné » when
/// empty), on one page.
fn field(flow: &mut Flow, label: &str, value: &str) {
    let value = if value.trim().is_empty() { "non renseigné" } else { value };
    let width = flow.width() - LABEL_WIDTH;
    let mut row = Block::lines(&pdf::wrap(label, LABEL, LABEL_WIDTH - 8.0), LABEL, LABEL_WIDTH - 8.0, Align::Left);
    let style = if value == "non renseigné" { BODY.grey(0.5) } else { BODY };
    let lines = pdf::wrap(value, style, width);
    if lines.len() > 12 {
        // A long text: the label, then the text across the page, free to run onto the next.
        flow.add(&row, 4.0);
        flow.paragraph(value, style, 1.0);
        return;
    }
    row.push(&Block::lines(&lines, style, width, Align::Left), LABEL_WIDTH, 0.0);
    flow.add(&row, 3.0);
}

/// `2026-11-26T14:30` → « 26/11/2026 à 14:30 », `2026-11-26` → « 26/11/2026 ».
fn moment(text: &str) -> String {
    if let Ok(at) = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M") {
        return format!("{} à {}", french_date(at.date()), at.format("%H:%M"));
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(|_| text.to_owned(), french_date)
}

fn day(stored: &str) -> String {
    local_day(stored).map_or_else(|| stored.to_owned(), french_date)
}

fn profile(flow: &mut Flow, person: &Person) {
    let c = &person.candidate;
    section(flow, "Profil");
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    field(flow, "Nom", &c.last_name);
    field(flow, "Prénom", &c.first_name);
    field(flow, "Date de naissance", &c.birth_date.map(french_date).unwrap_or_default());
    field(flow, "E-mail", &opt(&c.email));
    field(flow, "Téléphone", &opt(&c.phone));
    field(flow, "Identifiant France Travail", &opt(&c.france_travail_id));
    let place =
        [c.commune.clone(), c.postcode.clone(), c.commune_code.as_ref().map(|code| format!("code INSEE {code}"))]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
    field(flow, "Commune", &place);
    let jobs: Vec<String> = c
        .target_jobs
        .iter()
        .map(|j| match &j.rome_code {
            Some(rome) => format!("{} ({rome})", j.label),
            None => j.label.clone(),
        })
        .collect();
    field(flow, "Métiers recherchés", &jobs.join(" ; "));
    field(flow, "Compétences", &c.skills.iter().map(|s| s.label.clone()).collect::<Vec<_>>().join(", "));
    field(flow, "Expérience", &c.experience);
    field(flow, "Formations et diplômes", &c.qualifications);
    field(flow, "Permis", &c.driving_licences.iter().map(|l| l.label()).collect::<Vec<_>>().join(", "));
    field(flow, "Langues", &c.languages.join(", "));
    field(
        flow,
        "Disponible à partir du",
        &c.available_from.map(french_date).unwrap_or_else(|| "dès maintenant".into()),
    );
    field(flow, "Contrats recherchés", &c.wanted_contracts.iter().map(|k| k.label()).collect::<Vec<_>>().join(", "));
    field(flow, "Temps de travail", c.working_time.map(|t| t.label()).unwrap_or_default());
    let mobility = [
        c.mobility_radius_km.map(|km| format!("jusqu'à {km} km")),
        (!c.mobility_means.is_empty())
            .then(|| c.mobility_means.iter().map(|m| m.label().to_lowercase()).collect::<Vec<_>>().join(", ")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    field(flow, "Mobilité", &mobility);
    field(flow, "Contraintes", &c.work_constraints.iter().map(|w| w.label()).collect::<Vec<_>>().join(", "));
    field(flow, "Autres contraintes", &c.constraints.join(" ; "));
    let sectors = |list: &[crate::constraints::NafSector]| {
        list.iter().map(|s| format!("{} ({})", s.label, s.code)).collect::<Vec<_>>().join(" ; ")
    };
    field(flow, "Secteurs évités", &sectors(&c.sectors_avoided));
    field(flow, "Secteurs préférés", &sectors(&c.sectors_preferred));
    let recorded: Vec<String> = Public::ALL
        .into_iter()
        .filter(|p| p.column().is_some() && c.eligibility.has(*p))
        .map(|p| p.label().to_owned())
        .collect();
    field(flow, "Situation enregistrée", &if recorded.is_empty() { "aucune".to_owned() } else { recorded.join(", ") });
    field(
        flow,
        "Aides à l'embauche possibles",
        &c.hiring_aids.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join(", "),
    );
    field(flow, "Argumentaire", &c.pitch);
    field(flow, "Conseiller·ère qui vous suit", &c.counsellor);
    field(flow, "Fiche créée le", &day(&c.created_at));
    field(flow, "Dernière modification", &day(&c.updated_at));
}

fn consent(flow: &mut Flow, person: &Person) {
    let c = &person.candidate;
    section(flow, "Consentement");
    let channel = |ch: crate::candidates::ConsentChannel| match ch {
        crate::candidates::ConsentChannel::Oral => "oral",
        crate::candidates::ConsentChannel::Written => "écrit",
        crate::candidates::ConsentChannel::Online => "en ligne",
    };
    let state =
        if c.consent_valid { "en cours de validité" } else { "n'est plus valide : vous ne pouvez pas être promu·e" };
    field(
        flow,
        "Consentement en vigueur",
        &format!(
            "donné le {} ({}), jusqu'au {} — {state}",
            french_date(c.consent.date),
            channel(c.consent.channel),
            french_date(c.consent.expiry)
        ),
    );
    let width = flow.width();
    flow.add(&Block::lines(&["Historique".to_owned()], SUBHEADING, width, Align::Left), 8.0);
    if c.consent_history.is_empty() {
        flow.paragraph("Aucune étape enregistrée.", BODY.grey(0.5), 2.0);
    }
    for event in &c.consent_history {
        let mut text = format!(
            "{} — {} : donné le {} ({}), valable jusqu'au {}",
            day(&event.recorded_at),
            event.label,
            french_date(event.given_on),
            channel(event.channel),
            french_date(event.expiry)
        );
        if !event.recorded_by.is_empty() {
            text.push_str(&format!(", enregistré par {}", event.recorded_by));
        }
        if !event.note.is_empty() {
            text.push_str(&format!(". {}", event.note));
        }
        flow.add(&Block::bullets(&[text], BODY, width, 20), 2.0);
    }
}

fn event_line(event: &PromotionEvent) -> String {
    let when = if event.undated { "date non indiquée".to_owned() } else { day(&event.at) };
    let mut text = format!("{when} — {}", event.kind.label());
    let mut details = Vec::new();
    if let Some(reason) = event.reason {
        details.push(reason.label().to_owned());
    }
    if let Some(at) = &event.interview_at {
        details.push(format!("entretien le {}", moment(at)));
    }
    if let Some(contract) = event.contract_type {
        details.push(contract.label().to_owned());
    }
    if let Some(start) = &event.start_date {
        details.push(format!("début le {}", moment(start)));
    }
    if !event.comment.trim().is_empty() {
        details.push(format!("« {} »", event.comment.trim()));
    }
    if !details.is_empty() {
        text.push_str(&format!(" : {}", details.join(", ")));
    }
    if !event.author.is_empty() {
        text.push_str(&format!(" ({})", event.author));
    }
    if event.cancelled {
        text.push_str(" — annulé par une correction");
    }
    text
}

fn promotions(flow: &mut Flow, all: &[PromotionHistory]) {
    section(flow, &format!("Promotions ({})", all.len()));
    if all.is_empty() {
        flow.paragraph("Votre profil n'a été présenté à aucun employeur.", BODY, 2.0);
        return;
    }
    flow.paragraph(
        "Chaque fois que votre conseiller·ère a présenté votre profil à un employeur, avec ce qui s'en est suivi.",
        BODY.grey(0.3),
        2.0,
    );
    let width = flow.width();
    for history in all {
        let p = &history.promotion;
        let title = format!("Promotion n° {} — {}", p.id, p.company_name);
        let heading = Block::lines(&pdf::wrap(&title, SUBHEADING, width), SUBHEADING, width, Align::Left);
        flow.keep(heading.height() + 4.0 * BODY.leading(), 12.0);
        flow.add(&heading, 12.0);
        let contact = p.contact.as_ref().map(|k| {
            let mut parts = vec![k.name.clone()];
            parts.extend(
                [Some(k.role.clone()).filter(|r| !r.is_empty()), k.email.clone(), k.phone.clone()]
                    .into_iter()
                    .flatten(),
            );
            parts.join(", ")
        });
        field(flow, "Interlocuteur", &contact.unwrap_or_default());
        field(flow, "Canal", p.channel.label());
        field(flow, "Statut", p.status.label());
        field(flow, "Créée le", &day(&p.created_at));
        field(flow, "Envoyée le", &p.sent_at.as_deref().map(day).unwrap_or_else(|| "pas envoyée".into()));
        if let Some(offer) = &p.job_offer_ref {
            field(flow, "Offre", offer);
        }
        field(flow, "Par", &p.counsellor);
        let sensitive = match p.sensitive_shown {
            Some(true) => format!("oui — {}", p.sensitive_reason.clone().unwrap_or_else(|| "avec votre accord".into())),
            Some(false) => "non".into(),
            None => "choix non enregistré (promotion antérieure)".into(),
        };
        field(flow, "Informations sensibles sur la fiche", &sensitive);
        if let Some(subject) = &p.subject {
            field(flow, "Objet du message", subject);
        }
        field(flow, "Message envoyé", &p.pitch);
        flow.add(&Block::lines(&["Événements".to_owned()], LABEL, width, Align::Left), 4.0);
        let lines: Vec<String> = history.events.iter().map(event_line).collect();
        for line in lines {
            flow.add(&Block::bullets(&[line], BODY, width, 20), 1.0);
        }
    }
}

fn sent_sheets(flow: &mut Flow, sheets: &[SheetLine]) {
    section(flow, &format!("Fiches envoyées ({})", sheets.len()));
    if sheets.is_empty() {
        flow.paragraph("Aucune fiche profil n'a été conservée.", BODY, 2.0);
        return;
    }
    flow.paragraph(
        "La fiche profil envoyée avec chaque promotion, copiée telle quelle dans le dossier joint ; l'empreinte \
         SHA-256 permet de vérifier que la copie est identique à la fiche conservée.",
        BODY.grey(0.3),
        2.0,
    );
    let width = flow.width();
    for sheet in sheets {
        let text = format!(
            "Promotion n° {} — {} — fiche {}, du {}\nSHA-256 : {}",
            sheet.promotion_id,
            sheet.file,
            if sheet.anonymous { "anonymisée" } else { "nominative" },
            day(&sheet.created_at),
            sheet.sha256
        );
        flow.add(&Block::bullets(&[text], BODY, width, 6), 3.0);
    }
}

fn rights(flow: &mut Flow, person: &Person) {
    section(flow, "Vos droits");
    let me = &person.me;
    let contact = french_list(
        [&me.name, &me.agency, &me.phone, &me.email].into_iter().filter(|s| !s.trim().is_empty()).cloned().collect(),
    );
    let contact = if contact.is_empty() { "votre conseiller·ère".to_owned() } else { contact };
    flow.paragraph(
        &format!(
            "Vous pouvez à tout moment faire corriger ce qui est inexact ou incomplet (droit de rectification), \
             retirer votre consentement à la promotion de votre profil — aucun employeur ne le recevra plus — et \
             demander l'effacement de vos données (droit à l'effacement) : seules resteront des statistiques qui ne \
             permettent pas de vous identifier. Pour exercer ces droits ou pour toute question, adressez-vous à : \
             {contact}. Si la réponse ne vous satisfait pas, vous pouvez saisir la Commission nationale de \
             l'informatique et des libertés (CNIL, www.cnil.fr)."
        ),
        BODY,
        4.0,
    );
}
