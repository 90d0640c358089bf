-- A tenant's campaigns, as configured (see config/ and `civic campaign apply`).
-- Runs as the tenant's own role with search_path set to the tenant's schema.
-- Keys are the configuration's ids, so re-applying a file updates rows in place.

CREATE TABLE tenant_settings (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    display_name text NOT NULL,
    time_zone text NOT NULL,
    vocabulary jsonb NOT NULL,
    contact jsonb,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaigns (
    id text PRIMARY KEY,
    title text NOT NULL,
    summary text NOT NULL,
    year integer NOT NULL,
    envelope_cents bigint NOT NULL CHECK (envelope_cents >= 0),
    project_minimum_cents bigint CHECK (project_minimum_cents >= 0),
    project_maximum_cents bigint CHECK (project_maximum_cents >= 0),
    ballot jsonb NOT NULL,
    notes text[] NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE phases (
    campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    id text NOT NULL,
    position integer NOT NULL,
    title text NOT NULL,
    starts text NOT NULL,            -- local date or date-time as configured, e.g. 2023-09-01
    ends text,
    opens_at timestamptz NOT NULL,   -- the window as instants, in the tenant's time zone
    closes_at timestamptz,           -- exclusive; NULL = open-ended
    actions text[] NOT NULL,
    PRIMARY KEY (campaign_id, id),
    CHECK (closes_at IS NULL OR closes_at > opens_at)
);

CREATE TABLE territories (
    campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    id text NOT NULL,
    position integer NOT NULL,
    name text NOT NULL,
    PRIMARY KEY (campaign_id, id)
);

CREATE TABLE venues (
    campaign_id text NOT NULL,
    id text NOT NULL,
    position integer NOT NULL,
    name text NOT NULL,
    address text,
    town text NOT NULL,
    postal_code text NOT NULL,
    territory_id text NOT NULL,
    PRIMARY KEY (campaign_id, id),
    FOREIGN KEY (campaign_id, territory_id) REFERENCES territories (campaign_id, id) ON DELETE CASCADE
);

CREATE TABLE workshops (
    campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    id text NOT NULL,
    position integer NOT NULL,
    title text NOT NULL,
    organisers text[] NOT NULL DEFAULT '{}',
    venue_id text,                   -- NULL: held at every venue (or online)
    online boolean,
    phase_id text,
    starts text NOT NULL,
    ends text,
    capacity integer CHECK (capacity > 0),
    audience text NOT NULL CHECK (audience IN ('registered-holders', 'labelled-projects')),
    PRIMARY KEY (campaign_id, id),
    FOREIGN KEY (campaign_id, venue_id) REFERENCES venues (campaign_id, id) ON DELETE CASCADE
);
