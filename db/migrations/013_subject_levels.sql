-- Schema v13: a claim says at which level its subject stands and what stands above it (issue 15),
-- so the check can tell a site's figure from its programme's and a phase's from its cluster's.
ALTER TABLE claims ADD COLUMN entity_kind VARCHAR;
ALTER TABLE claims ADD COLUMN entity_parent VARCHAR;
COMMENT ON COLUMN claims.entity_kind IS 'Level of the subject: system or cluster (a machine), site (a campus, often named by owner and place), phase, programme, company or organisation (an owner), deal (a contract between two owners); NULL when unknown.';
COMMENT ON COLUMN claims.entity_parent IS 'entity id of the level above the subject (a site''s programme or owner, a phase''s cluster, a cluster''s owner); NULL at the top or when unknown.';
