//! Research purposes: what a researcher declares the data will be used for.

use super::DuoError;
use super::spec::current_term;
use super::vocabulary::{self as v, DuoTerm};
use crate::Store;

/// The breadth of a purpose, from the permissions' point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Research outside health/medicine (admitted by NRES and GRU).
    General,
    /// Health/medical/biomedical research (NRES, GRU, HMB).
    Biomedical,
    /// Research on specific diseases (NRES, GRU, HMB, and DS when the diseases are
    /// subsumed).
    Disease,
    /// Population origins or ancestry research (NRES, GRU, POA).
    PopulationAncestry,
}

/// A declared research purpose: a DUO term, its diseases, and facets that modifiers test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResearchPurpose {
    /// The DUO term the purpose was declared with.
    pub term: &'static DuoTerm,
    pub category: Category,
    /// Disease CURIEs (for [`Category::Disease`]).
    pub diseases: Vec<String>,
    /// Methods development (NMDS forbids it).
    pub methods_development: bool,
    /// The study includes genetic research (GSO requires it).
    pub genetic: bool,
    /// The study includes population origins or ancestry research (HMB, DS and NPOA
    /// forbid it).
    pub population_ancestry: bool,
    /// Clinical care use (needs CC unless NRES).
    pub clinical_care: bool,
}

impl ResearchPurpose {
    /// A purpose from a DUO term (id or shorthand) and disease CURIEs:
    ///
    /// | term | category | facets |
    /// | --- | --- | --- |
    /// | GRU (DUO:0000042), DUO:0000034 age, DUO:0000035 gender, DUO:0000036 control | general | |
    /// | DUO:0000031 method development | general | methods development |
    /// | HMB (DUO:0000006), DUO:0000037 biomedical, DUO:0000039 drug development | biomedical | |
    /// | DUO:0000038 genetic research | biomedical | genetic |
    /// | DS (DUO:0000007), DUO:0000040 disease category | disease | |
    /// | POA (DUO:0000011), DUO:0000032 population, DUO:0000033 ancestry | population/ancestry | population/ancestry |
    /// | CC (DUO:0000043) | biomedical, or disease with diseases | clinical care |
    ///
    /// Diseases are required for DS and DUO:0000040, allowed with CC and the genetic and
    /// biomedical terms (which then become disease purposes), and must resolve to current
    /// terms of `store`.
    pub fn parse(code: &str, diseases: &[&str], store: &Store) -> Result<Self, DuoError> {
        let term = v::find(code.trim()).ok_or_else(|| DuoError::NotAPurpose(code.to_string()))?;
        let mut p = Self {
            term,
            category: Category::General,
            diseases: diseases.iter().map(|d| d.to_string()).collect(),
            methods_development: false,
            genetic: false,
            population_ancestry: false,
            clinical_care: false,
        };
        let id = term.id;
        p.category = if [
            v::GRU.id,
            v::AGE_CATEGORY_RESEARCH.id,
            v::GENDER_CATEGORY_RESEARCH.id,
            v::RESEARCH_CONTROL.id,
        ]
        .contains(&id)
        {
            Category::General
        } else if id == v::METHOD_DEVELOPMENT.id {
            p.methods_development = true;
            Category::General
        } else if [
            v::HMB.id,
            v::BIOMEDICAL_RESEARCH.id,
            v::DRUG_DEVELOPMENT_RESEARCH.id,
            v::GENETIC_RESEARCH.id,
            v::CC.id,
        ]
        .contains(&id)
        {
            p.genetic = id == v::GENETIC_RESEARCH.id;
            p.clinical_care = id == v::CC.id;
            Category::Biomedical
        } else if [v::DS.id, v::DISEASE_CATEGORY_RESEARCH.id].contains(&id) {
            if diseases.is_empty() {
                return Err(DuoError::DiseaseMissing);
            }
            Category::Disease
        } else if [
            v::POA.id,
            v::POPULATION_RESEARCH.id,
            v::ANCESTRY_RESEARCH.id,
        ]
        .contains(&id)
        {
            p.population_ancestry = true;
            Category::PopulationAncestry
        } else {
            return Err(DuoError::NotAPurpose(code.to_string()));
        };
        if !diseases.is_empty() {
            if p.category != Category::Biomedical && p.category != Category::Disease {
                return Err(DuoError::DiseaseUnused(term.shorthand.unwrap_or(term.id)));
            }
            p.category = Category::Disease;
        }
        for d in diseases {
            current_term(store, d)?;
        }
        Ok(p)
    }

    /// Declares (or not) that the study develops methods.
    pub fn with_methods_development(mut self, yes: bool) -> Self {
        self.methods_development = yes;
        self
    }

    /// Declares (or not) that the study includes genetic research.
    pub fn with_genetic(mut self, yes: bool) -> Self {
        self.genetic = yes;
        self
    }

    /// Declares (or not) that the study includes population origins or ancestry research.
    pub fn with_population_ancestry(mut self, yes: bool) -> Self {
        self.population_ancestry = yes;
        self
    }

    /// Declares (or not) clinical care use.
    pub fn with_clinical_care(mut self, yes: bool) -> Self {
        self.clinical_care = yes;
        self
    }
}
