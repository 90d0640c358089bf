// Campaign domain: value types and pure rules.
