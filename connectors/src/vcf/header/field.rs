/// How many values a field has (the header's `Number=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number {
    /// A fixed count (`Number=0` for flags, `Number=1` for scalars, ...).
    Count(usize),
    /// One per alternate allele.
    A,
    /// One per allele, including the reference.
    R,
    /// One per possible genotype.
    G,
    /// Unknown (`.`).
    Unknown,
}

impl Number {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "A" => Self::A,
            "R" => Self::R,
            "G" => Self::G,
            "." => Self::Unknown,
            n => Self::Count(n.parse().ok()?),
        })
    }
}

/// The header's `Type=` of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Integer,
    Float,
    Flag,
    Character,
    String,
}

impl ValueType {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "Integer" => Self::Integer,
            "Float" => Self::Float,
            "Flag" => Self::Flag,
            "Character" => Self::Character,
            "String" => Self::String,
            _ => return None,
        })
    }
}

/// An `INFO` or `FORMAT` definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    pub id: String,
    pub number: Number,
    pub ty: ValueType,
    pub description: String,
}

impl FieldDef {
    /// Whether values of this field are a list (anything but `Number=0` and `Number=1`).
    pub fn is_list(&self) -> bool {
        !matches!(self.number, Number::Count(0) | Number::Count(1)) && self.ty != ValueType::Flag
    }
}
