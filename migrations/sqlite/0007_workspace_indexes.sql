-- Indexes the workspace needs at a broker's scale (100,000 loads, 1,000,000 fields, 50,000 open
-- exceptions; examples/workspace_scale.rs): the queue filtered by carrier or customer, its
-- counts per rule, and search by a PRO or BOL number.

CREATE INDEX loads_carrier ON loads (carrier_mc);
CREATE INDEX loads_customer ON loads (customer_id);
CREATE INDEX load_refs_value ON load_refs (value);
CREATE INDEX exceptions_status_rule ON exceptions (status, rule_id);
CREATE INDEX exceptions_status_severity ON exceptions (status, severity);
