-- 017-team-order.sql: the team list reads a screenful at a time in its
-- order (station, name, staff number), continuing after the last row it
-- showed (tui/team.c, lib/store_team.c); this index gives that order
-- without sorting every staff member for each page.

CREATE INDEX staff_team_order ON staff(station, name, staff_number);
