//! The recovery code on paper: one A4 page to print when the code is made, to keep away
//! from the computer. It holds the code, its identity (which backups name) and how to
//! restore with it; nothing else (no name, no path).

use super::RecoveryCode;
use crate::{
    Error, Result,
    pdf::{self, Align, Block, Face, Flow, Info, Margins, Style},
    text::french_date,
};

const MARGINS: Margins = Margins { x: 60.0, top: 60.0, bottom: 60.0 };
const TITLE: Style = Style::new(Face::Bold, 20.0);
const CODE: Style = Style::new(Face::Bold, 24.0);
const PHRASE: Style = Style::new(Face::Bold, 16.0);
const HEADING: Style = Style::new(Face::Bold, 12.0);
const BODY: Style = Style::new(Face::Regular, 10.5);
/// Groups of the code on each line of the page.
const CODE_GROUPS_A_LINE: usize = 4;
const SMALL: Style = Style::new(Face::Regular, 8.0).grey(0.4);

pub const TITLE_TEXT: &str = "Code de récupération des sauvegardes Profilence";

/// The page, as PDF bytes.
pub fn write(code: &RecoveryCode) -> Result<Vec<u8>> {
    let mut flow = Flow::new(MARGINS);
    let width = flow.width();
    flow.add(&Block::lines(&pdf::wrap(TITLE_TEXT, TITLE, width), TITLE, width, Align::Left), 0.0);
    let identity = &code.identity;
    flow.paragraph(
        &format!(
            "Identifiant : {} — créé le {}. Chaque sauvegarde indique l'identifiant du code qui l'ouvre.",
            identity.id,
            french_date(identity.made)
        ),
        BODY.grey(0.3),
        6.0,
    );
    let shown = code.display();
    let (style, lines) = match identity.kind {
        // Four groups a line, the first ending with its dash: « X1AW-78PH-GTB7-GNFH- ».
        super::CodeKind::Code => {
            let groups: Vec<&str> = shown.split('-').collect();
            let lines: Vec<String> = groups.chunks(CODE_GROUPS_A_LINE).map(|g| g.join("-")).collect();
            let last = lines.len().saturating_sub(1);
            (CODE, lines.iter().enumerate().map(|(i, l)| if i < last { format!("{l}-") } else { l.clone() }).collect())
        }
        super::CodeKind::Passphrase => (PHRASE, pdf::wrap(&shown, PHRASE, width - 40.0)),
    };
    let text = Block::lines(&lines, style, width - 40.0, Align::Centre);
    flow.add(&Block::boxed(&text, width, 20.0, 0.95, 0.2), 24.0);

    let heading = |flow: &mut Flow, title: &str| flow.add(&Block::heading(title, HEADING, width), 22.0);
    heading(&mut flow, "À quoi sert ce code");
    flow.paragraph(
        "Les sauvegardes de Profilence sont chiffrées avec ce code. Il est le seul moyen de les ouvrir : si \
         l'ordinateur tombe en panne, est remplacé ou réinstallé, ce code permet de retrouver le vivier, les \
         entreprises et les promotions sur un autre poste. Sans lui, personne — pas même le support — ne peut \
         restaurer une sauvegarde.",
        BODY,
        6.0,
    );
    heading(&mut flow, "Où le garder");
    flow.paragraph(
        "Rangez cette feuille en lieu sûr, loin de l'ordinateur (un coffre ou une armoire fermée de la \
         structure). Ne la photographiez pas, ne l'envoyez pas par courriel. Si elle est perdue ou a pu être \
         vue, créez un nouveau code dans Paramètres, rubrique Sauvegardes : les sauvegardes suivantes l'utiliseront, \
         les plus anciennes demanderont toujours celui-ci.",
        BODY,
        6.0,
    );
    heading(&mut flow, "Pour restaurer une sauvegarde");
    let steps = [
        "Ouvrez Profilence sur le nouvel ordinateur et choisissez « Restaurer une sauvegarde » (ou, plus tard, \
         Paramètres, rubrique Sauvegardes).",
        "Choisissez le fichier « profilence-sauvegarde-… » le plus récent dans le dossier des sauvegardes.",
        "Saisissez ce code (tirets, espaces et majuscules sont sans importance), vérifiez la date et le contenu \
         affichés, puis confirmez.",
    ];
    for (i, step) in steps.iter().enumerate() {
        flow.paragraph(&format!("{}. {step}", i + 1), BODY, 6.0);
    }

    let pages = flow.finish(&format!("{TITLE_TEXT} — {}", identity.id), SMALL);
    pdf::write_pdf(
        &pages,
        &Info { title: TITLE_TEXT, author: "Profilence", subject: "Code de récupération", created: None },
    )
    .map_err(|e| Error::Sheet(e.to_string()))
}
