// Tenancy module.
