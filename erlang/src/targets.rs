//! Staffing targets, queue models and service-level definitions (serde config types).

use serde::{Deserialize, Serialize};

use crate::error::{
    Error, Result, TargetKind, check_duration, check_positive_duration, check_probability,
};

/// How a service level is counted when contacts can abandon (Erlang A). Without abandonment
/// (Erlang C) all three coincide.
///
/// # Formula
///
/// ```text
/// OfOffered                   SL(t) = answered within t / offered
/// OfOfferedLessShortAbandons  SL(t) = answered within t / (offered − abandoned within t)
/// OfAnswered                  SL(t) = answered within t / answered
/// ```
///
/// # Examples
///
/// ```
/// use callwright_erlang::ServiceLevelDefinition;
/// assert_eq!(ServiceLevelDefinition::default(), ServiceLevelDefinition::OfOffered);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceLevelDefinition {
    /// Answered within t over all offered contacts (abandoned ones count as misses). The
    /// strictest of the three.
    #[default]
    OfOffered,
    /// Answered within t over offered contacts minus those that abandoned within t (short
    /// abandons are not held against the centre).
    OfOfferedLessShortAbandons,
    /// Answered within t over answered contacts (abandoned ones are ignored).
    OfAnswered,
}

/// A service-level target: at least `fraction` of contacts answered within `answer_within_s`
/// seconds ("80/20" is `fraction = 0.8`, `answer_within_s = 20`).
///
/// # Examples
///
/// ```
/// use callwright_erlang::ServiceLevelTarget;
/// let t = ServiceLevelTarget { fraction: 0.8, answer_within_s: 20.0 };
/// assert_eq!(t, ServiceLevelTarget::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ServiceLevelTarget {
    /// Required fraction in `[0, 1)` (1 itself is unreachable while any contact arrives).
    pub fraction: f64,
    /// Answer time in seconds, `>= 0`.
    pub answer_within_s: f64,
}

impl Default for ServiceLevelTarget {
    /// 80/20.
    fn default() -> Self {
        Self {
            fraction: 0.8,
            answer_within_s: 20.0,
        }
    }
}

/// The targets a staffing level must meet *all at once*. Unset (`None`) targets are ignored.
///
/// The default is the 80/20 service level (answered-of-offered) and nothing else.
///
/// # Examples
///
/// ```
/// use callwright_erlang::{ServiceLevelDefinition, Targets};
/// let t = Targets::default().with_max_asa_s(30.0).with_max_abandon(0.05);
/// assert_eq!(t.service_level.unwrap().fraction, 0.8);
/// assert_eq!(t.service_level_definition, ServiceLevelDefinition::OfOffered);
/// let none = Targets::none().with_service_level(0.9, 15.0);
/// assert_eq!(none.max_asa_s, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Targets {
    /// Service level: at least `fraction` answered within `answer_within_s`.
    pub service_level: Option<ServiceLevelTarget>,
    /// Maximum average speed of answer in seconds (of answered contacts under Erlang A).
    pub max_asa_s: Option<f64>,
    /// Maximum probability of abandonment in `[0, 1]` (always met under Erlang C, which has no
    /// abandonment).
    pub max_abandon: Option<f64>,
    /// Maximum occupancy in `(0, 1]`.
    pub max_occupancy: Option<f64>,
    /// How the service level is counted under Erlang A (ignored by Erlang C).
    pub service_level_definition: ServiceLevelDefinition,
}

impl Default for Targets {
    fn default() -> Self {
        Self {
            service_level: Some(ServiceLevelTarget::default()),
            max_asa_s: None,
            max_abandon: None,
            max_occupancy: None,
            service_level_definition: ServiceLevelDefinition::OfOffered,
        }
    }
}

impl Targets {
    /// No targets at all.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::Targets;
    /// assert!(Targets::none().is_empty());
    /// ```
    pub fn none() -> Self {
        Self {
            service_level: None,
            ..Self::default()
        }
    }

    /// Sets the service-level target.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::Targets;
    /// let t = Targets::none().with_service_level(0.9, 30.0);
    /// assert_eq!(t.service_level.unwrap().answer_within_s, 30.0);
    /// ```
    #[must_use]
    pub fn with_service_level(mut self, fraction: f64, answer_within_s: f64) -> Self {
        self.service_level = Some(ServiceLevelTarget {
            fraction,
            answer_within_s,
        });
        self
    }

    /// Sets the maximum ASA in seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::Targets;
    /// assert_eq!(Targets::none().with_max_asa_s(20.0).max_asa_s, Some(20.0));
    /// ```
    #[must_use]
    pub fn with_max_asa_s(mut self, seconds: f64) -> Self {
        self.max_asa_s = Some(seconds);
        self
    }

    /// Sets the maximum probability of abandonment.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::Targets;
    /// assert_eq!(Targets::none().with_max_abandon(0.05).max_abandon, Some(0.05));
    /// ```
    #[must_use]
    pub fn with_max_abandon(mut self, probability: f64) -> Self {
        self.max_abandon = Some(probability);
        self
    }

    /// Sets the maximum occupancy.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::Targets;
    /// assert_eq!(Targets::none().with_max_occupancy(0.85).max_occupancy, Some(0.85));
    /// ```
    #[must_use]
    pub fn with_max_occupancy(mut self, occupancy: f64) -> Self {
        self.max_occupancy = Some(occupancy);
        self
    }

    /// Sets the service-level definition used under Erlang A.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::{ServiceLevelDefinition, Targets};
    /// let t = Targets::default().with_definition(ServiceLevelDefinition::OfAnswered);
    /// assert_eq!(t.service_level_definition, ServiceLevelDefinition::OfAnswered);
    /// ```
    #[must_use]
    pub fn with_definition(mut self, definition: ServiceLevelDefinition) -> Self {
        self.service_level_definition = definition;
        self
    }

    /// True when no target is set.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::Targets;
    /// assert!(!Targets::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.service_level.is_none()
            && self.max_asa_s.is_none()
            && self.max_abandon.is_none()
            && self.max_occupancy.is_none()
    }

    /// Checks every set target's range and rejects those no staffing can meet while contacts
    /// arrive: a service level of 100 %, a maximum ASA of 0 s, a maximum occupancy of 0, and
    /// (Erlang A only) a maximum abandonment of 0.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidProbability`] / [`Error::InvalidDuration`] for out-of-range values,
    /// [`Error::UnreachableTarget`] for the impossible targets above.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_erlang::{Error, Model, Targets};
    /// let t = Targets::none().with_service_level(1.0, 0.0);
    /// assert!(matches!(t.validate(Model::ErlangC), Err(Error::UnreachableTarget { .. })));
    /// assert!(Targets::default().validate(Model::ErlangC).is_ok());
    /// ```
    pub fn validate(&self, model: Model) -> Result<()> {
        model.validate()?;
        if let Some(sl) = self.service_level {
            let f = check_probability("service_level.fraction", sl.fraction)?;
            check_duration("service_level.answer_within_s", sl.answer_within_s)?;
            if f >= 1.0 {
                return Err(Error::UnreachableTarget {
                    target: TargetKind::ServiceLevel,
                    value: f,
                    reason: "some contacts always wait while any arrive, so no staffing answers \
                             100 % within a finite time",
                });
            }
        }
        if let Some(asa) = self.max_asa_s {
            let asa = check_duration("max_asa_s", asa)?;
            if asa <= 0.0 {
                return Err(Error::UnreachableTarget {
                    target: TargetKind::MaxAsa,
                    value: asa,
                    reason: "the ASA is positive whenever contacts arrive",
                });
            }
        }
        if let Some(ab) = self.max_abandon {
            let ab = check_probability("max_abandon", ab)?;
            if ab <= 0.0 && matches!(model, Model::ErlangA { .. }) {
                return Err(Error::UnreachableTarget {
                    target: TargetKind::MaxAbandon,
                    value: ab,
                    reason: "with finite patience some contacts always abandon",
                });
            }
        }
        if let Some(occ) = self.max_occupancy {
            let occ = check_probability("max_occupancy", occ)?;
            if occ <= 0.0 {
                return Err(Error::UnreachableTarget {
                    target: TargetKind::MaxOccupancy,
                    value: occ,
                    reason: "occupancy is positive whenever contacts arrive",
                });
            }
        }
        Ok(())
    }
}

/// The queueing model used for staffing.
///
/// # Examples
///
/// ```
/// use callwright_erlang::Model;
/// let m = Model::ErlangA { patience_s: 120.0 };
/// assert_ne!(m, Model::ErlangC);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Model {
    /// M/M/n: nobody abandons ([`ErlangC`](crate::ErlangC)).
    #[default]
    ErlangC,
    /// M/M/n+M: exponential patience with mean `patience_s` seconds
    /// ([`ErlangA`](crate::ErlangA)).
    ErlangA {
        /// Mean patience in seconds, `> 0`.
        patience_s: f64,
    },
}

impl Model {
    /// Checks the model's parameters.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDuration`] when `patience_s` is NaN, infinite or not positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_erlang::Model;
    /// assert!(Model::ErlangA { patience_s: -1.0 }.validate().is_err());
    /// ```
    pub fn validate(self) -> Result<()> {
        if let Self::ErlangA { patience_s } = self {
            check_positive_duration("patience_s", patience_s)?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    #[test]
    fn ranges_checked() {
        let c = Model::ErlangC;
        assert!(
            Targets::none()
                .with_service_level(1.2, 20.0)
                .validate(c)
                .is_err()
        );
        assert!(
            Targets::none()
                .with_service_level(0.8, -1.0)
                .validate(c)
                .is_err()
        );
        assert!(
            Targets::none()
                .with_max_asa_s(f64::NAN)
                .validate(c)
                .is_err()
        );
        assert!(Targets::none().with_max_asa_s(0.0).validate(c).is_err());
        assert!(Targets::none().with_max_occupancy(0.0).validate(c).is_err());
        assert!(Targets::none().with_max_abandon(0.0).validate(c).is_ok());
        let a = Model::ErlangA { patience_s: 60.0 };
        assert!(Targets::none().with_max_abandon(0.0).validate(a).is_err());
        assert!(
            Targets::default()
                .validate(Model::ErlangA { patience_s: 0.0 })
                .is_err()
        );
    }
}
