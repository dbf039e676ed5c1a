-- The staff digest ([staff] digest_minutes): exception emails to staff wait in the outbox with
-- status 'held' until the digest that lists them is queued, then become 'digested'. Each pass of
-- the sender looks for held ones and for the last digest.

CREATE INDEX outbox_status ON outbox (status, event);
CREATE INDEX outbox_event_created ON outbox (event, created_at);
