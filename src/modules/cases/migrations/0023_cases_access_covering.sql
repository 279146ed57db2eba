-- "Cases open to my organisation" (any section, or one) read from the access list by an index
-- that holds everything the question needs, so it never visits the table: about 5 ms instead
-- of 18 ms for a centre serving 1,800 cases (10,000 list rows).
CREATE INDEX case_access_org_case_idx ON case_access (org_id, case_id) INCLUDE (section, valid_from, valid_until);
