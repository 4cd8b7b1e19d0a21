//! Requirement expressions: which agents may serve a contact, written as text.
//!
//! # Grammar
//!
//! ```text
//! expr       := or
//! or         := and  (("OR"  | "||") and)*
//! and        := unary (("AND" | "&&") unary)*
//! unary      := ("NOT" | "!") unary | primary
//! primary    := "(" expr ")" | "TRUE" | "FALSE" | name [op literal]
//! op         := "==" | "!=" | "<" | "<=" | ">" | ">="
//! literal    := number | string
//! name       := [A-Za-z_][A-Za-z0-9_.-]*
//! number     := ["-"] digits ["." digits]
//! string     := '"' any character but '"' '"'  |  "'" any character but "'" "'"
//! ```
//!
//! Keywords are case-insensitive; `AND` binds tighter than `OR`, `NOT` tighter than both.
//!
//! A `name` is either a declared **skill** or an **agent attribute**:
//!
//! - a skill compares its proficiency (0–100, 0 when the agent does not hold the skill) with a
//!   number; a bare skill name means "holds the skill" (`billing` ≡ `billing > 0`);
//! - an attribute compares its value with a number (all six operators) or a string (`==` and
//!   `!=` only); a bare attribute name means "the agent has this attribute". When the agent
//!   lacks the attribute, or its value has the other type, every comparison is false except
//!   `!=`, which is true.
//!
//! Errors ([`Error::InvalidExpression`]) carry the byte offset of the offending token.
//!
//! # Conditions on contact tags
//!
//! A [`TagCondition`] (a stage's `when`) uses the same grammar over **contact tags** instead:
//! a `name` is a declared contact tag and means "the contact carries this tag"; tags take no
//! comparison (`gold OR (silver AND NOT spanish)`).
//!
//! # Examples
//!
//! ```
//! use callwright_core::model::{AgentTraits, AttrValue, Requirement, Schema};
//!
//! let schema = Schema::new(["billing", "spanish"], ["tier"])?;
//! let req = Requirement::parse(
//!     r#"billing >= 30 AND (spanish > 0 OR NOT tier == "junior")"#,
//!     &schema,
//! )?;
//! let mut senior = AgentTraits::new(&schema);
//! senior.set_skill(schema.skill("billing")?, 40);
//! senior.set_attribute(schema.attribute("tier").unwrap(), AttrValue::Str("senior".into()));
//! assert!(req.matches(&senior));
//!
//! let err = Requirement::parse("billing >= ", &schema).unwrap_err();
//! assert!(err.to_string().contains("byte 11"));
//! # Ok::<(), callwright_core::Error>(())
//! ```

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::model::{AttrId, SkillId, TagId, TagSet};

/// The names an expression may use: skills and agent attributes (requirements), and contact
/// tags (conditions), each with a dense id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    skill_names: Vec<String>,
    attribute_names: Vec<String>,
    tag_names: Vec<String>,
    skills: HashMap<String, SkillId>,
    attributes: HashMap<String, AttrId>,
    tags: HashMap<String, TagId>,
}

impl Schema {
    /// Builds a schema from skill names and attribute names (ids in the given order).
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`] when a name repeats, within or across the two lists (a name must
    /// mean one thing in an expression); [`Error::InvalidValue`] for a name that is not a valid
    /// identifier.
    pub fn new<S, A>(skills: S, attributes: A) -> Result<Self>
    where
        S: IntoIterator,
        S::Item: Into<String>,
        A: IntoIterator,
        A::Item: Into<String>,
    {
        let mut schema = Schema::default();
        for name in skills {
            let name = name.into();
            schema.check_new(&name, "skill")?;
            let id = SkillId(to_u16(schema.skill_names.len(), "skills")?);
            schema.skills.insert(name.clone(), id);
            schema.skill_names.push(name);
        }
        for name in attributes {
            let name = name.into();
            if schema.attributes.contains_key(&name) {
                continue;
            }
            schema.check_new(&name, "attribute")?;
            let id = AttrId(to_u16(schema.attribute_names.len(), "attributes")?);
            schema.attributes.insert(name.clone(), id);
            schema.attribute_names.push(name);
        }
        Ok(schema)
    }

    /// Adds the contact tags conditions may use (ids in the given order; a namespace of their
    /// own, so a tag may share a skill's name).
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`] when a tag repeats; [`Error::InvalidValue`] for a name that is
    /// not a valid identifier or for more than [`TagSet::CAPACITY`] tags in all.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_core::model::{Schema, TagCondition, TagSet};
    ///
    /// let schema = Schema::new(["billing"], ["tier"])?.with_contact_tags(["gold", "silver"])?;
    /// let gold = schema.tag("gold")?;
    /// let when = TagCondition::parse("gold OR silver", &schema)?;
    /// assert!(when.matches(TagSet::EMPTY.with(gold)));
    /// assert!(!when.matches(TagSet::EMPTY));
    /// # Ok::<(), callwright_core::Error>(())
    /// ```
    pub fn with_contact_tags<T>(mut self, tags: T) -> Result<Self>
    where
        T: IntoIterator,
        T::Item: Into<String>,
    {
        for name in tags {
            let name = name.into();
            check_name(&name, "contact tag")?;
            if self.tags.contains_key(&name) {
                return Err(Error::DuplicateId {
                    kind: "contact tag",
                    id: name,
                });
            }
            let id = u8::try_from(self.tag_names.len())
                .ok()
                .filter(|&i| u32::from(i) < TagSet::CAPACITY)
                .ok_or_else(|| Error::InvalidValue {
                    field: "contact_tags".to_owned(),
                    value: name.clone(),
                    reason: "at most 64 contact tags",
                })?;
            self.tags.insert(name.clone(), TagId(id));
            self.tag_names.push(name);
        }
        Ok(self)
    }

    fn check_new(&self, name: &str, kind: &'static str) -> Result<()> {
        check_name(name, kind)?;
        if self.skills.contains_key(name) || self.attributes.contains_key(name) {
            return Err(Error::DuplicateId {
                kind,
                id: name.to_owned(),
            });
        }
        Ok(())
    }

    /// The id of a skill.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownSkill`] when the name is not declared.
    pub fn skill(&self, name: &str) -> Result<SkillId> {
        self.skills
            .get(name)
            .copied()
            .ok_or_else(|| Error::UnknownSkill {
                name: name.to_owned(),
            })
    }

    /// The id of a contact tag.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownTag`] when the tag is not declared.
    pub fn tag(&self, name: &str) -> Result<TagId> {
        self.tags
            .get(name)
            .copied()
            .ok_or_else(|| Error::UnknownTag {
                name: name.to_owned(),
            })
    }

    /// Contact tag names in id order.
    pub fn tag_names(&self) -> &[String] {
        &self.tag_names
    }

    /// The id of an attribute, if declared.
    pub fn attribute(&self, name: &str) -> Option<AttrId> {
        self.attributes.get(name).copied()
    }

    /// Skill names in id order.
    pub fn skill_names(&self) -> &[String] {
        &self.skill_names
    }

    /// Attribute names in id order.
    pub fn attribute_names(&self) -> &[String] {
        &self.attribute_names
    }
}

/// Checks that `name` can be written in an expression: an identifier that is not a keyword.
fn check_name(name: &str, kind: &'static str) -> Result<()> {
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(is_name_char)
        && keyword(name).is_none();
    if valid {
        return Ok(());
    }
    Err(Error::InvalidValue {
        field: format!("{kind} name"),
        value: name.to_owned(),
        reason: "must start with a letter or `_`, continue with letters, digits, `_`, `.` or `-`, and not be a keyword",
    })
}

fn to_u16(n: usize, what: &'static str) -> Result<u16> {
    u16::try_from(n).map_err(|_| Error::InvalidValue {
        field: what.to_owned(),
        value: n.to_string(),
        reason: "at most 65535 entries",
    })
}

/// A value of an agent attribute.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum AttrValue {
    /// A number (integers are stored as `f64`).
    Num(f64),
    /// A string, compared exactly.
    Str(String),
}

/// What an expression can see of an agent: proficiency per skill and attribute values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgentTraits {
    skills: Vec<u8>,
    attributes: Vec<Option<AttrValue>>,
}

impl AgentTraits {
    /// An agent with no skills and no attributes, sized for `schema`.
    pub fn new(schema: &Schema) -> Self {
        Self {
            skills: vec![0; schema.skill_names.len()],
            attributes: vec![None; schema.attribute_names.len()],
        }
    }

    /// Sets a proficiency (0 = not held, 1–100 = held at that level).
    pub fn set_skill(&mut self, skill: SkillId, level: u8) {
        if let Some(slot) = self.skills.get_mut(usize::from(skill.0)) {
            *slot = level;
        }
    }

    /// Sets an attribute value.
    pub fn set_attribute(&mut self, attr: AttrId, value: AttrValue) {
        if let Some(slot) = self.attributes.get_mut(usize::from(attr.0)) {
            *slot = Some(value);
        }
    }

    /// The proficiency in a skill (0 when not held).
    pub fn skill(&self, skill: SkillId) -> u8 {
        self.skills.get(usize::from(skill.0)).copied().unwrap_or(0)
    }

    /// The value of an attribute, if the agent has it.
    pub fn attribute(&self, attr: AttrId) -> Option<&AttrValue> {
        self.attributes.get(usize::from(attr.0))?.as_ref()
    }
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    #[expect(
        clippy::float_cmp,
        reason = "`==` in an expression means exact equality, as written by the user"
    )]
    fn num(self, a: f64, b: f64) -> bool {
        match self {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }
}

/// One instruction of a compiled expression (postfix order).
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Const(bool),
    Skill(SkillId, Cmp, f64),
    AttrNum(AttrId, Cmp, f64),
    AttrStr(AttrId, bool, String),
    AttrPresent(AttrId),
    Tag(TagId),
    Not,
    And,
    Or,
}

/// The deepest nesting a compiled expression may have (its evaluation stack is one `u64`).
const MAX_DEPTH: usize = 64;

/// A parsed and compiled requirement expression.
///
/// Compiled to a flat postfix program over resolved skill and attribute ids; evaluation walks
/// it once with a 64-bit stack and allocates nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    text: String,
    program: Vec<Op>,
    skills: Vec<SkillId>,
}

impl Requirement {
    /// Parses and compiles `text` against `schema`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidExpression`] with the byte offset of the offending token for a syntax
    /// error, an unknown name, a type mismatch (a skill compared with a string, `<` on a
    /// string), or nesting deeper than 64.
    pub fn parse(text: &str, schema: &Schema) -> Result<Self> {
        let (program, mut skills) = compile(text, schema, Names::Agent)?;
        skills.sort_unstable();
        skills.dedup();
        Ok(Self {
            text: text.to_owned(),
            program,
            skills,
        })
    }

    /// The expression that matches every agent.
    pub fn any() -> Self {
        Self {
            text: "TRUE".to_owned(),
            program: vec![Op::Const(true)],
            skills: Vec::new(),
        }
    }

    /// Whether `agent` satisfies the expression.
    pub fn matches(&self, agent: &AgentTraits) -> bool {
        evaluate(&self.program, |op| match op {
            Op::Skill(s, cmp, v) => cmp.num(f64::from(agent.skill(*s)), *v),
            Op::AttrNum(a, cmp, v) => match agent.attribute(*a) {
                Some(AttrValue::Num(x)) => cmp.num(*x, *v),
                _ => *cmp == Cmp::Ne,
            },
            Op::AttrStr(a, eq, v) => match agent.attribute(*a) {
                Some(AttrValue::Str(x)) => (x == v) == *eq,
                _ => !*eq,
            },
            Op::AttrPresent(a) => agent.attribute(*a).is_some(),
            _ => false,
        })
    }

    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The skills the expression mentions, sorted and without repeats.
    pub fn skills(&self) -> &[SkillId] {
        &self.skills
    }
}

/// A parsed condition on a contact's tags (the `when` of an overflow stage), in the grammar
/// of [`Requirement`] with tag names as its only names (see the module docs).
///
/// # Examples
///
/// ```
/// use callwright_core::model::{Schema, TagCondition, TagSet};
///
/// let schema = Schema::default().with_contact_tags(["gold", "spanish"])?;
/// let (gold, spanish) = (schema.tag("gold")?, schema.tag("spanish")?);
/// let when = TagCondition::parse("gold AND NOT spanish", &schema)?;
/// assert!(when.matches(TagSet::EMPTY.with(gold)));
/// assert!(!when.matches(TagSet::EMPTY.with(gold).with(spanish)));
///
/// let err = TagCondition::parse("gold OR platinum", &schema).unwrap_err();
/// assert!(err.to_string().contains("byte 8"));
/// # Ok::<(), callwright_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TagCondition {
    text: String,
    program: Vec<Op>,
}

impl TagCondition {
    /// Parses and compiles `text` against the contact tags of `schema`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidExpression`] with the byte offset of the offending token for a syntax
    /// error, a name that is not a declared contact tag, a comparison, or nesting deeper
    /// than 64.
    pub fn parse(text: &str, schema: &Schema) -> Result<Self> {
        let (program, _) = compile(text, schema, Names::Tags)?;
        Ok(Self {
            text: text.to_owned(),
            program,
        })
    }

    /// Whether a contact carrying `tags` satisfies the condition.
    pub fn matches(&self, tags: TagSet) -> bool {
        evaluate(&self.program, |op| match op {
            Op::Tag(t) => tags.contains(*t),
            _ => false,
        })
    }

    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Runs a compiled program with a 64-bit stack; `leaf` evaluates the name instructions.
fn evaluate(program: &[Op], leaf: impl Fn(&Op) -> bool) -> bool {
    let mut stack: u64 = 0;
    for op in program {
        let value = match op {
            Op::Const(b) => *b,
            Op::Not => {
                stack ^= 1;
                continue;
            }
            Op::And | Op::Or => {
                let rhs = stack & 1 == 1;
                stack >>= 1;
                let lhs = stack & 1 == 1;
                let v = if *op == Op::And {
                    lhs && rhs
                } else {
                    lhs || rhs
                };
                stack = (stack & !1) | u64::from(v);
                continue;
            }
            leaf_op => leaf(leaf_op),
        };
        stack = (stack << 1) | u64::from(value);
    }
    stack & 1 == 1
}

/// Which names an expression reads: agent skills and attributes, or contact tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    Agent,
    Tags,
}

/// Parses `text` into a postfix program and the skills it mentions (unsorted).
fn compile(text: &str, schema: &Schema, names: Names) -> Result<(Vec<Op>, Vec<SkillId>)> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        text,
        tokens: &tokens,
        pos: 0,
        schema,
        names,
        program: Vec::new(),
        skills: Vec::new(),
    };
    parser.expr(0)?;
    if let Some(tok) = parser.tokens.get(parser.pos) {
        return Err(parser.error(tok.start, "expected AND, OR or the end of the expression"));
    }
    Ok((parser.program, parser.skills))
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    True,
    False,
    Cmp(Cmp),
    Name(String),
    Num(f64),
    Str(String),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-'
}

fn keyword(word: &str) -> Option<Tok> {
    match word.to_ascii_uppercase().as_str() {
        "AND" => Some(Tok::And),
        "OR" => Some(Tok::Or),
        "NOT" => Some(Tok::Not),
        "TRUE" => Some(Tok::True),
        "FALSE" => Some(Tok::False),
        _ => None,
    }
}

fn lex_error(text: &str, position: usize, reason: &str) -> Error {
    Error::InvalidExpression {
        expression: text.to_owned(),
        position,
        reason: reason.to_owned(),
    }
}

fn lex(text: &str) -> Result<Vec<Token>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let two = |b: u8| bytes.get(i + 1) == Some(&b);
        let (tok, len) = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b'&' if two(b'&') => (Tok::And, 2),
            b'|' if two(b'|') => (Tok::Or, 2),
            b'=' if two(b'=') => (Tok::Cmp(Cmp::Eq), 2),
            b'!' if two(b'=') => (Tok::Cmp(Cmp::Ne), 2),
            b'!' => (Tok::Not, 1),
            b'<' if two(b'=') => (Tok::Cmp(Cmp::Le), 2),
            b'<' => (Tok::Cmp(Cmp::Lt), 1),
            b'>' if two(b'=') => (Tok::Cmp(Cmp::Ge), 2),
            b'>' => (Tok::Cmp(Cmp::Gt), 1),
            b'"' | b'\'' => {
                let close = text[i + 1..]
                    .find(char::from(c))
                    .ok_or_else(|| lex_error(text, start, "unterminated string"))?;
                let s = text[i + 1..i + 1 + close].to_owned();
                (Tok::Str(s), close + 2)
            }
            b'0'..=b'9' | b'-' | b'.' => {
                let mut j = i + 1;
                while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
                    j += 1;
                }
                let value: f64 = text[i..j]
                    .parse()
                    .map_err(|_| lex_error(text, start, "malformed number"))?;
                (Tok::Num(value), j - i)
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut j = i + 1;
                while j < bytes.len() && is_name_char(char::from(bytes[j])) {
                    j += 1;
                }
                let word = &text[i..j];
                (
                    keyword(word).unwrap_or_else(|| Tok::Name(word.to_owned())),
                    j - i,
                )
            }
            b'=' => return Err(lex_error(text, start, "use `==` to compare")),
            _ => return Err(lex_error(text, start, "unexpected character")),
        };
        tokens.push(Token { tok, start });
        i += len;
    }
    Ok(tokens)
}

struct Parser<'a> {
    text: &'a str,
    tokens: &'a [Token],
    pos: usize,
    schema: &'a Schema,
    names: Names,
    program: Vec<Op>,
    skills: Vec<SkillId>,
}

impl Parser<'_> {
    fn error(&self, position: usize, reason: &str) -> Error {
        lex_error(self.text, position, reason)
    }

    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn here(&self) -> usize {
        self.tokens
            .get(self.pos)
            .map_or(self.text.len(), |t| t.start)
    }

    fn expr(&mut self, depth: usize) -> Result<()> {
        if depth >= MAX_DEPTH {
            return Err(self.error(self.here(), "expression nested too deeply (limit 64)"));
        }
        self.and(depth)?;
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            self.and(depth + 1)?;
            self.program.push(Op::Or);
        }
        Ok(())
    }

    fn and(&mut self, depth: usize) -> Result<()> {
        self.unary(depth)?;
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            self.unary(depth + 1)?;
            self.program.push(Op::And);
        }
        Ok(())
    }

    fn unary(&mut self, depth: usize) -> Result<()> {
        if depth >= MAX_DEPTH {
            return Err(self.error(self.here(), "expression nested too deeply (limit 64)"));
        }
        if self.peek() == Some(&Tok::Not) {
            self.pos += 1;
            self.unary(depth + 1)?;
            self.program.push(Op::Not);
            return Ok(());
        }
        self.primary(depth)
    }

    fn primary(&mut self, depth: usize) -> Result<()> {
        let at = self.here();
        let Some(tok) = self.peek().cloned() else {
            return Err(self.error(at, "unexpected end of expression"));
        };
        self.pos += 1;
        match tok {
            Tok::LParen => {
                self.expr(depth + 1)?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(self.error(self.here(), "expected `)`"));
                }
                self.pos += 1;
            }
            Tok::True => self.program.push(Op::Const(true)),
            Tok::False => self.program.push(Op::Const(false)),
            Tok::Name(name) => self.comparison(&name, at)?,
            _ => {
                return Err(self.error(at, "expected a name, `(`, NOT, TRUE or FALSE"));
            }
        }
        Ok(())
    }

    fn comparison(&mut self, name: &str, at: usize) -> Result<()> {
        if self.names == Names::Tags {
            return self.tag(name, at);
        }
        let skill = self.schema.skills.get(name).copied();
        let attr = self.schema.attributes.get(name).copied();
        let cmp = match self.peek() {
            Some(Tok::Cmp(c)) => Some(*c),
            _ => None,
        };
        let Some(cmp) = cmp else {
            // Bare name: holds the skill / has the attribute.
            match (skill, attr) {
                (Some(s), _) => {
                    self.skills.push(s);
                    self.program.push(Op::Skill(s, Cmp::Gt, 0.0));
                }
                (None, Some(a)) => self.program.push(Op::AttrPresent(a)),
                (None, None) => return Err(self.unknown(name, at)),
            }
            return Ok(());
        };
        self.pos += 1;
        let value_at = self.here();
        let value = match self.peek().cloned() {
            Some(Tok::Num(v)) => Literal::Num(v),
            Some(Tok::Str(s)) => Literal::Str(s),
            _ => return Err(self.error(value_at, "expected a number or a string")),
        };
        self.pos += 1;
        let op = match (skill, attr, value) {
            (Some(s), _, Literal::Num(v)) => {
                self.skills.push(s);
                Op::Skill(s, cmp, v)
            }
            (Some(_), _, Literal::Str(_)) => {
                return Err(self.error(value_at, "a skill proficiency compares with a number"));
            }
            (None, Some(a), Literal::Num(v)) => Op::AttrNum(a, cmp, v),
            (None, Some(a), Literal::Str(s)) => match cmp {
                Cmp::Eq => Op::AttrStr(a, true, s),
                Cmp::Ne => Op::AttrStr(a, false, s),
                _ => {
                    return Err(self.error(value_at, "strings compare only with `==` or `!=`"));
                }
            },
            (None, None, _) => return Err(self.unknown(name, at)),
        };
        self.program.push(op);
        Ok(())
    }

    /// A contact tag: present or not, no comparison.
    fn tag(&mut self, name: &str, at: usize) -> Result<()> {
        let Some(&tag) = self.schema.tags.get(name) else {
            return Err(self.error(at, &format!("`{name}` is not a declared contact tag")));
        };
        if let Some(Tok::Cmp(_)) = self.peek() {
            return Err(self.error(self.here(), "a contact tag takes no comparison"));
        }
        self.program.push(Op::Tag(tag));
        Ok(())
    }

    fn unknown(&self, name: &str, at: usize) -> Error {
        self.error(
            at,
            &format!("`{name}` is neither a declared skill nor an agent attribute"),
        )
    }
}

enum Literal {
    Num(f64),
    Str(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::new(["billing", "spanish", "sales"], ["tier", "years"]).unwrap()
    }

    fn agent(s: &Schema, billing: u8, spanish: u8, tier: Option<&str>) -> AgentTraits {
        let mut a = AgentTraits::new(s);
        a.set_skill(s.skill("billing").unwrap(), billing);
        a.set_skill(s.skill("spanish").unwrap(), spanish);
        if let Some(t) = tier {
            a.set_attribute(s.attribute("tier").unwrap(), AttrValue::Str(t.into()));
        }
        a
    }

    fn position(text: &str) -> usize {
        match Requirement::parse(text, &schema()) {
            Err(Error::InvalidExpression { position, .. }) => position,
            other => panic!("expected an expression error for {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn the_issue_example() {
        let s = schema();
        let r = Requirement::parse(
            r#"billing >= 3 AND (spanish > 0 OR NOT tier == "junior")"#,
            &s,
        )
        .unwrap();
        assert!(r.matches(&agent(&s, 3, 0, Some("senior"))));
        assert!(r.matches(&agent(&s, 3, 10, Some("junior"))));
        assert!(!r.matches(&agent(&s, 3, 0, Some("junior"))));
        assert!(!r.matches(&agent(&s, 2, 10, None)));
        // No tier: `tier == "junior"` is false, so NOT makes it true.
        assert!(r.matches(&agent(&s, 5, 0, None)));
        assert_eq!(r.skills().len(), 2);
    }

    #[test]
    fn precedence_and_symbols() {
        let s = schema();
        // AND binds tighter than OR.
        let r = Requirement::parse("spanish || billing && sales", &s).unwrap();
        assert!(r.matches(&agent(&s, 0, 1, None)));
        assert!(!r.matches(&agent(&s, 1, 0, None)));
        let r = Requirement::parse("!(spanish) and TRUE", &s).unwrap();
        assert!(r.matches(&agent(&s, 0, 0, None)));
        assert!(!r.matches(&agent(&s, 0, 1, None)));
        let r = Requirement::parse("not not false Or billing != 2", &s).unwrap();
        assert!(r.matches(&agent(&s, 1, 0, None)));
        assert!(!r.matches(&agent(&s, 2, 0, None)));
    }

    #[test]
    fn numeric_attributes_and_missing_values() {
        let s = schema();
        let years = s.attribute("years").unwrap();
        let r = Requirement::parse("years >= 2.5", &s).unwrap();
        let mut a = agent(&s, 0, 0, None);
        assert!(!r.matches(&a));
        a.set_attribute(years, AttrValue::Num(3.0));
        assert!(r.matches(&a));
        let ne = Requirement::parse("years != 1", &s).unwrap();
        assert!(ne.matches(&agent(&s, 0, 0, None)));
        let present = Requirement::parse("tier", &s).unwrap();
        assert!(present.matches(&agent(&s, 0, 0, Some("x"))));
        assert!(!present.matches(&agent(&s, 0, 0, None)));
        assert!(Requirement::any().matches(&a));
    }

    #[test]
    fn errors_point_at_the_offending_byte() {
        assert_eq!(position("billing >= "), 11);
        assert_eq!(position("billing >= 3 AND nope > 1"), 17);
        assert_eq!(position("(billing > 1"), 12);
        assert_eq!(position("billing > 1 spanish"), 12);
        assert_eq!(position("billing = 3"), 8);
        assert_eq!(position(r#"billing > "x""#), 10);
        assert_eq!(position(r#"tier < "x""#), 7);
        assert_eq!(position("tier == 'unterminated"), 8);
        assert_eq!(position("billing > 1 $"), 12);
        assert_eq!(position(""), 0);
        assert_eq!(position("AND"), 0);
        assert_eq!(position("billing > 1..2"), 10);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("{}billing{}", "(".repeat(100), ")".repeat(100));
        assert!(matches!(
            Requirement::parse(&text, &schema()),
            Err(Error::InvalidExpression { .. })
        ));
        let text = format!("{}billing", "NOT ".repeat(100));
        assert!(Requirement::parse(&text, &schema()).is_err());
        let fine = format!("{}billing{}", "(".repeat(20), ")".repeat(20));
        assert!(Requirement::parse(&fine, &schema()).is_ok());
    }

    #[test]
    fn long_flat_chains_evaluate_correctly() {
        let s = schema();
        let text = vec!["billing > 0"; 200].join(" AND ");
        let r = Requirement::parse(&text, &s).unwrap();
        assert!(r.matches(&agent(&s, 1, 0, None)));
        assert!(!r.matches(&agent(&s, 0, 0, None)));
    }

    #[test]
    fn tag_conditions_share_the_grammar() {
        let s = schema()
            .with_contact_tags(["gold", "silver", "billing"])
            .unwrap();
        let t = |name: &str| s.tag(name).unwrap();
        let when = TagCondition::parse("(gold || silver) AND NOT billing", &s).unwrap();
        assert!(when.matches(TagSet::EMPTY.with(t("silver"))));
        assert!(!when.matches(TagSet::EMPTY.with(t("silver")).with(t("billing"))));
        assert!(!when.matches(TagSet::EMPTY));
        assert_eq!(when.text(), "(gold || silver) AND NOT billing");
        assert!(
            TagCondition::parse("TRUE", &s)
                .unwrap()
                .matches(TagSet::EMPTY)
        );
        let position = |text: &str| match TagCondition::parse(text, &s) {
            Err(Error::InvalidExpression { position, .. }) => position,
            other => panic!("expected an expression error for {text:?}, got {other:?}"),
        };
        // A skill or attribute is no tag; tags take no comparison.
        assert_eq!(position("gold OR tier"), 8);
        assert_eq!(position("gold >= 3"), 5);
        assert_eq!(position("gold AND"), 8);
        // Requirements do not see tags (`billing` there is the skill).
        assert!(matches!(
            Requirement::parse("silver", &s),
            Err(Error::InvalidExpression { position: 0, .. })
        ));
    }

    #[test]
    fn contact_tags_are_checked() {
        let many: Vec<String> = (0..65).map(|i| format!("t{i}")).collect();
        assert!(matches!(
            Schema::default().with_contact_tags(&many[..64]),
            Ok(s) if s.tag_names().len() == 64
        ));
        assert!(matches!(
            Schema::default().with_contact_tags(&many),
            Err(Error::InvalidValue { value, .. }) if value == "t64"
        ));
        assert!(matches!(
            Schema::default().with_contact_tags(["a", "a"]),
            Err(Error::DuplicateId { .. })
        ));
        assert!(Schema::default().with_contact_tags(["not"]).is_err());
        assert!(matches!(
            Schema::default().tag("x"),
            Err(Error::UnknownTag { name }) if name == "x"
        ));
    }

    #[test]
    fn schema_rejects_duplicates_and_bad_names() {
        assert!(matches!(
            Schema::new(["a", "a"], Vec::<String>::new()),
            Err(Error::DuplicateId { .. })
        ));
        assert!(matches!(
            Schema::new(["a"], ["a"]),
            Err(Error::DuplicateId { .. })
        ));
        assert!(Schema::new(["and"], Vec::<String>::new()).is_err());
        assert!(Schema::new(["9lives"], Vec::<String>::new()).is_err());
        assert!(matches!(
            schema().skill("x"),
            Err(Error::UnknownSkill { .. })
        ));
    }

    proptest::proptest! {
        #[test]
        fn parser_never_panics_on_arbitrary_text(text in ".{0,60}") {
            let _ = Requirement::parse(&text, &schema());
        }

        #[test]
        fn parser_never_panics_on_token_soup(
            tokens in proptest::collection::vec(
                proptest::sample::select(vec![
                    "billing", "tier", "years", "nope", "AND", "or", "NOT", "!", "(", ")", ">=",
                    "==", "!=", "<", "3", "-2.5", "\"x\"", "'y", "TRUE", "&&", "||", "=", "é",
                ]),
                0..12,
            )
        ) {
            let text = tokens.join(" ");
            if let Err(Error::InvalidExpression { position, .. }) =
                Requirement::parse(&text, &schema())
            {
                proptest::prop_assert!(position <= text.len());
            }
        }
    }
}
