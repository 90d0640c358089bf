-- The tenant catalog. Applied once, to the `platform` schema, by the platform's owner.
-- Tenant roles get no privilege here: they cannot even see that the catalog exists.

-- Tenants must not use the shared public schema either.
REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE TABLE tenants (
    slug text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9-]{1,40}$'),
    display_name text NOT NULL CHECK (length(btrim(display_name)) > 0),
    schema_name text NOT NULL UNIQUE,
    role_name text NOT NULL UNIQUE,
    time_zone text NOT NULL DEFAULT 'Europe/Paris',
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenant_hosts (
    hostname text PRIMARY KEY CHECK (hostname = lower(hostname)),
    tenant_slug text NOT NULL REFERENCES tenants (slug) ON DELETE CASCADE,
    position integer NOT NULL DEFAULT 0
);

CREATE INDEX tenant_hosts_by_tenant ON tenant_hosts (tenant_slug);
