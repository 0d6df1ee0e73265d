-- Where stated places are, so the check tells a suburb from a town far away: "Fayetteville,
-- Georgia" and "Atlanta, Georgia" are one campus's two names in the press, 35 km apart, while
-- "Southaven, Mississippi" and "Memphis, Tennessee", across a state line, are still rivals.

ALTER TABLE claims ADD COLUMN lat DOUBLE;
ALTER TABLE claims ADD COLUMN lon DOUBLE;
COMMENT ON COLUMN claims.lat IS 'Latitude of a location claim''s place (its town, from the GeoNames gazetteer), else NULL';
COMMENT ON COLUMN claims.lon IS 'Longitude of a location claim''s place (its town, from the GeoNames gazetteer), else NULL';

-- One point per stated place value, filled as location claims are written.
CREATE TABLE place_points (
    place VARCHAR PRIMARY KEY,
    lat   DOUBLE NOT NULL,
    lon   DOUBLE NOT NULL
);
COMMENT ON TABLE place_points IS 'Where each stated place value lies (latitude, longitude of its town), for the check''s distances';
COMMENT ON COLUMN place_points.place IS 'A location claim''s value as stated (claims.value_text)';
COMMENT ON COLUMN place_points.lat IS 'Latitude of its town, from the GeoNames gazetteer';
COMMENT ON COLUMN place_points.lon IS 'Longitude of its town, from the GeoNames gazetteer';

-- Great-circle distance in kilometres.
CREATE MACRO km_between(lat1, lon1, lat2, lon2) AS
    2 * 6371 * asin(sqrt(pow(sin(radians(lat2 - lat1) / 2), 2)
                         + cos(radians(lat1)) * cos(radians(lat2)) * pow(sin(radians(lon2 - lon1) / 2), 2)));

-- Two towns of one state (or one country outside the US) within a metropolitan area of each other:
-- the press names a campus by its town or by the nearest big city. A state line still parts them,
-- as it parts the permits, the grid and the taxes. NULL when either place has no known point.
CREATE MACRO places_near(a, b) AS (
    SELECT km_between(x.lat, x.lon, y.lat, y.lon) <= 60
    FROM place_points x, place_points y WHERE x.place = a AND y.place = b)
    AND place_parts(a)[2:] = place_parts(b)[2:];

-- 014's test, and not near each other: views that call places_apart pick this up when they run.
CREATE OR REPLACE MACRO places_apart(a, b) AS
    NOT list_contains(place_parts(a), place_parts(b)[1]) AND NOT list_contains(place_parts(b), place_parts(a)[1])
    AND NOT list_contains(town_parts(a), town_parts(b)[1]) AND NOT list_contains(town_parts(b), town_parts(a)[1])
    AND NOT COALESCE(places_near(a, b), false);

-- Stored pairs need no recomputing here: claims written before this schema have no point, so every
-- pair reads as before; `infratrack extract --all` gives them their points (and re-pairs them).
