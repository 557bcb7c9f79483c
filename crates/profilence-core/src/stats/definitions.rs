//! What each indicator means, in French, as the dashboard and every export show it: the
//! words of the definitions `Figure::holds` and the counts implement.

use serde::Serialize;
use ts_rs::TS;

use super::{HIRE_RATE_TARGET, breakdown, reach};
use crate::text::french_percent;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Definition {
    pub label: String,
    pub text: String,
}

/// Every indicator's definition, as the dashboard and the exports show it.
pub fn definitions(reminder_days: u32, no_answer_days: u32) -> Vec<Definition> {
    let d = |label: &str, text: String| Definition { label: label.to_owned(), text };
    vec![
        d(
            "Promotions envoyées",
            "Promotions dont le premier envoi (toujours en vigueur) a eu lieu dans la période. Les brouillons ne \
             comptent pas ; une promotion retirée après l'envoi compte : l'employeur a reçu le profil."
                .into(),
        ),
        d("Candidats promus", "Candidats différents parmi ces promotions.".into()),
        d(
            "Part du vivier promue",
            "Candidats promus rapportés au vivier de la période : les candidats suivis (conseiller, publics et \
             domaine pris sur leur fiche actuelle) dont le consentement couvre au moins un jour de la période, \
             plus tout candidat promu dans la période (consentement renouvelé depuis, ou suivi par un collègue)."
                .into(),
        ),
        d(
            "Taux de retour employeur",
            "Part de ces promotions auxquelles l'employeur a répondu (intérêt, entretien, demande d'informations, \
             refus, profil conservé), quelle que soit la date de la réponse, et même sans date : une réponse reçue \
             après la fin de la période compte pour sa promotion ; une réponse reçue pendant la période à une \
             promotion envoyée avant compte dans la période de son envoi."
                .into(),
        ),
        d(
            "Délai de retour",
            "Jours calendaires entre l'envoi et la première réponse de l'employeur, sur les promotions qui en ont \
             eu une et dont cette réponse est datée : médiane et moyenne. Une réponse reprise d'un tableau de suivi \
             sans date compte parmi les réponses, pas dans le délai ; le tableau de bord indique sur combien de \
             réponses datées le délai est calculé."
                .into(),
        ),
        d(
            "Réponses reçues par e-mail",
            "Parmi les réponses, celles arrivées dans la boîte de réception (réponse en un clic ou réponse libre à \
             l'e-mail de promotion) et confirmées ou corrigées par le conseiller ; les autres ont été saisies. Le \
             délai de retour médian est donné pour chacune des deux."
                .into(),
        ),
        d(
            "Entretiens",
            "Promotions avec un entretien enregistré, daté ou non, ou suivies d'une embauche (l'employeur a \
             rencontré la personne)."
                .into(),
        ),
        d(
            "Embauches et taux de transformation",
            format!(
                "Promotions dont l'issue est une embauche ; le taux les rapporte aux promotions envoyées (objectif \
                 : {} %).",
                french_percent(HIRE_RATE_TARGET)
            ),
        ),
        d(
            "Profils conservés",
            "Promotions dont le statut est aujourd'hui « profil conservé » (une embauche venue ensuite compte \
             comme embauche)."
                .into(),
        ),
        d(
            "Refus et non retenus",
            "Promotions refusées par l'employeur, ou non retenues après un contact ou un entretien, par motif.".into(),
        ),
        d(
            "Sans réponse",
            format!("Promotions marquées « sans réponse » : rien {no_answer_days} jours après le dernier contact."),
        ),
        d("Retirées", "Promotions retirées par le conseiller après l'envoi.".into()),
        d(
            "À relancer",
            format!(
                "Promotions en attente de réponse dont le dernier contact (envoi ou relance) date d'au moins \
                 {reminder_days} jours au moment du calcul : celles de la page Relances."
            ),
        ),
        d(
            "Jamais promus",
            "Part des candidats dont le consentement est valable au jour compté (dernier jour de la période, ou \
             aujourd'hui si elle est en cours) qui n'ont jamais été présentés à un employeur à cette date, par \
             quiconque et par tout canal ; sous les filtres de conseiller, d'agence, de publics et de domaine. \
             L'évolution compte de même la fin de chacun des douze mois jusqu'à ce jour, d'après les dates de \
             consentement de la fiche et les dates de premier envoi."
                .into(),
        ),
        d(
            "Profils promus",
            format!(
                "Par métier visé (un candidat compte dans chacun de ses métiers), par public et par vivier de \
                 conseiller (le conseiller qui suit le candidat) : candidats du vivier de la période, candidats \
                 promus, promotions, entretiens, taux d'entretien (entretiens / promotions) et embauches. Un public \
                 d'âge compte chaque promotion selon l'âge au jour de l'envoi. Les métiers les plus et les moins \
                 promus sont classés par part promue parmi ceux qui ont au moins {} candidats dans le vivier ; ceux \
                 qui mènent aux entretiens, par taux d'entretien parmi ceux qui ont au moins {} promotions.",
                reach::MIN_POOL,
                reach::MIN_PROMOTIONS
            ),
        ),
        d(
            "Territoire",
            format!(
                "Au choix, le lieu de résidence du candidat (par défaut) ou le lieu de l'entreprise à qui le profil \
                 a été présenté, tels que leurs fiches le disent aujourd'hui : la commune choisie dans le \
                 référentiel (code INSEE) et son département ; une fiche sans commune du référentiel est rattachée \
                 à un département par son code postal, à aucune commune. Le choix vaut pour les filtres de \
                 département et de commune et pour les tableaux par département et par commune. Par lieu de \
                 résidence, le filtre restreint aussi le vivier (les candidats qui y habitent). Par lieu de \
                 l'entreprise, il ne retient que les promotions faites aux entreprises du territoire (les \
                 candidats promus sont ceux qui leur ont été présentés) ; le vivier, fait de candidats et non \
                 d'entreprises, n'est pas restreint par le territoire : la part du vivier promue se lit alors \
                 comme la part du vivier présentée à une entreprise du territoire ; les jamais promus et le \
                 vivier des profils promus se comptent sur tout le vivier sous les autres filtres. Une \
                 entreprise qui change de commune emporte ses promotions dans sa nouvelle commune. Le tableau \
                 par commune montre les {} communes qui comptent le plus de promotions ; choisir un département \
                 montre les siennes.",
                breakdown::MAX_COMMUNES
            ),
        ),
        d(
            "Comparaisons",
            "Les indicateurs principaux côte à côte, par conseiller (signataire de la promotion), agence ou \
             équipe, public, domaine du métier visé, département et commune (de résidence du candidat, ou de \
             l'entreprise selon le territoire choisi), pour la période et les \
             filtres choisis, avec les mêmes définitions que ci-dessus. Une promotion compte dans une seule ligne \
             des conseillers, agences, départements et communes : leurs lignes font le total. Elle compte dans \
             chacun des publics et des domaines de son candidat : leurs lignes peuvent dépasser le total. Les \
             domaines se lisent un niveau sous le filtre de domaine (grands domaines, puis sous-domaines, puis \
             fiches ROME)."
                .into(),
        ),
        d(
            "Toujours en poste à 6 mois",
            "Parmi les embauches des promotions de la période, celles dont le point à 6 mois est fait, et parmi \
             elles, la part où la personne est toujours en poste ; par type de contrat et par entreprise. Chaque \
             embauche enregistrée avec son contrat et sa date de début prévoit trois points (1 mois, fin de la \
             période d'essai, 6 mois) ; un départ constaté à un point antérieur clôt le point à 6 mois : la \
             personne compte alors comme n'étant plus en poste. Une embauche dont le point à 6 mois reste à faire, \
             ou reprise d'un tableau de suivi sans points prévus, ne compte pas dans la part."
                .into(),
        ),
        d(
            "Corrections",
            "Une correction annule l'événement qu'elle vise : chaque indicateur compte le journal corrigé.".into(),
        ),
    ]
}
