//! Macros shared by the domain modules.

/// An enum stored and sent as a snake_case code, with its French label: the
/// codes the forms send, the labels the window and the reports show. The
/// caller's module has `Serialize`, `Deserialize` and `TS` in scope.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal / $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }

            pub fn label_fr(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }
    };
}
