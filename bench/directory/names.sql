-- Name lists for the directory benchmark's generated users (bench/directory.sh). Order matters: generate.sql draws
-- index k with a skewed distribution (low k = common), so the first entries behave like common US names: "smi"
-- (Smith, Smiley, ...) is a common prefix, "john smith" occurs a few hundred times in 2M users, and no name starts
-- with "zzq". A few accented names (Muñoz, Núñez, Peña: about 0.2 % of users each; José, Zoë) exercise the
-- accent-insensitive search; folded is what org.kcedu.directory.NameFold makes of them. The tail of last_names is composed from syllables: real surname lists long enough for 2M users are
-- not in this repository, and only the distribution matters for the queries measured.
CREATE TEMP TABLE bench_first_name (k int PRIMARY KEY, name text NOT NULL);
INSERT INTO bench_first_name (k, name)
SELECT ord - 1, name FROM unnest(ARRAY[
 'James','Mary','John','Patricia','Robert','Jennifer','Michael','Linda','William','Elizabeth','David','Barbara',
 'Richard','Susan','Joseph','Jessica','Thomas','Sarah','Charles','Karen','Christopher','Lisa','Daniel','Nancy',
 'Matthew','Betty','Anthony','Margaret','Mark','Sandra','Donald','Ashley','Steven','Kimberly','Paul','Emily',
 'Andrew','Donna','Joshua','Michelle','Kenneth','Carol','Kevin','Amanda','Brian','Dorothy','George','Melissa',
 'Timothy','Deborah','Ronald','Stephanie','Edward','Rebecca','Jason','Sharon','Jeffrey','Laura','Ryan','Cynthia',
 'Jacob','Kathleen','Gary','Amy','Nicholas','Angela','Eric','Shirley','Jonathan','Anna','Stephen','Brenda',
 'Larry','Pamela','Justin','Emma','Scott','Nicole','Brandon','Helen','Benjamin','Samantha','Samuel','Katherine',
 'Gregory','Christine','Alexander','Debra','Frank','Rachel','Patrick','Carolyn','Raymond','Janet','Jack','Catherine',
 'Dennis','Maria','Jerry','Heather','Tyler','Diane','Aaron','Ruth','Jose','Julie','Adam','Olivia','Nathan','Joyce',
 'Henry','Virginia','Douglas','Victoria','Zachary','Kelly','Peter','Lauren','Kyle','Christina','Ethan','Joan',
 'Walter','Evelyn','Noah','Judith','Jeremy','Megan','Christian','Andrea','Keith','Cheryl','Roger','Hannah','Terry',
 'Jacqueline','Gerald','Martha','Harold','Gloria','Sean','Teresa','Austin','Ann','Carl','Sara','Arthur','Madison',
 'Lawrence','Frances','Dylan','Kathryn','Jesse','Janice','Jordan','Jean','Bryan','Abigail','Billy','Alice','Joe',
 'Judy','Bruce','Sophia','Gabriel','Grace','Logan','Denise','Albert','Amber','Willie','Doris','Alan','Marilyn',
 'Juan','Danielle','Wayne','Beverly','Elijah','Isabella','Randy','Theresa','Roy','Diana','Vincent','Natalie',
 'Ralph','Brittany','Eugene','Charlotte','Russell','Marie','Bobby','Kayla','Mason','Alexis','Philip','Lori',
 'Louis','Smilla','José','Zoë'
]) WITH ORDINALITY AS t(name, ord);

CREATE TEMP TABLE bench_last_name (k int PRIMARY KEY, name text NOT NULL);
INSERT INTO bench_last_name (k, name)
SELECT ord - 1, name FROM unnest(ARRAY[
 'Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez','Hernandez','Lopez',
 'Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Martin','Lee','Perez','Thompson','White',
 'Harris','Sanchez','Clark','Ramirez','Lewis','Robinson','Walker','Young','Allen','King','Wright','Scott','Torres',
 'Nguyen','Hill','Flores','Green','Adams','Nelson','Baker','Hall','Rivera','Campbell','Mitchell','Carter','Roberts',
 'Gomez','Phillips','Evans','Turner','Diaz','Parker','Cruz','Edwards','Collins','Reyes','Stewart','Morris',
 'Morales','Murphy','Cook','Rogers','Gutierrez','Ortiz','Morgan','Cooper','Peterson','Bailey','Reed','Kelly',
 'Howard','Ramos','Kim','Cox','Ward','Richardson','Watson','Brooks','Chavez','Wood','James','Bennett','Gray',
 'Mendoza','Ruiz','Hughes','Price','Alvarez','Castillo','Sanders','Patel','Myers','Long','Ross','Foster','Smiley',
 'Smithson','Smits','Muñoz','Núñez','Peña'
]) WITH ORDINALITY AS t(name, ord);
-- 400 more: prefix x suffix syllables, e.g. Ashford, Brightwell
INSERT INTO bench_last_name (k, name)
SELECT 105 + (p.ord - 1) * 20 + (s.ord - 1), p.syl || s.syl
FROM unnest(ARRAY['Ash','Black','Bright','Brook','Cald','Carr','Dal','Elm','Fair','Gold','Hart','Holl','Kings',
                  'Lang','Marsh','North','Pen','Red','Stan','West']) WITH ORDINALITY AS p(syl, ord)
CROSS JOIN unnest(ARRAY['ford','well','wood','ton','by','field','ley','worth','more','ridge','stone','dale','wick',
                        'ham','croft','gate','hurst','shaw','land','brook']) WITH ORDINALITY AS s(syl, ord)
ON CONFLICT DO NOTHING;

-- NameFold's form of these names (lower case, accents off): what kc-edu keeps in EDU_USER_SEARCH
ALTER TABLE bench_first_name ADD COLUMN folded text;
ALTER TABLE bench_last_name ADD COLUMN folded text;
UPDATE bench_first_name SET folded = translate(lower(name), 'éëñú', 'eenu');
UPDATE bench_last_name SET folded = translate(lower(name), 'éëñú', 'eenu');
