/** Common US street names, suffixes and unit designators (USPS abbreviations). */
export const STREET_NAMES: readonly string[] = `
Main|Oak|Maple|Park|Pine|Cedar|Elm|Washington|Lake|Hill|Walnut|Lincoln|Jefferson|Madison|Franklin
Church|Chestnut|Spruce|River|Center|Spring|Ridge|Meadow|Forest|Highland|Sunset|Jackson|Adams|Willow
Cherry|Birch|Hickory|Locust|Sycamore|Poplar|Magnolia|Dogwood|Laurel|Aspen|Juniper|Cypress|Valley
Lakeview|Hillcrest|Ridgewood|Fairview|Woodland|Greenwood|Riverside|Prospect|Pleasant|Union|Market
Broad|High|Mill|Water|Bridge|School|College|Academy|Liberty|Grant|Monroe|Wilson|Harrison|Cleveland
Kennedy|Roosevelt|Martin Luther King Jr|Cesar Chavez|Peachtree|Bayshore|Ocean|Harbor|Canyon|Mesa
Sierra Vista|Mission|Camino Real|Rio Grande|Prairie|Meadowbrook|Brookside|Fox Hill|Deer Run
Quail Hollow|Eagle Creek|Cardinal|Bluebird|Orchard|Vineyard|Heritage|Colonial|Kings|Queens|Cambridge
Oxford|Windsor|Stratford|Devon|Sheridan|Beacon|Summit|Crescent|Grove|Garden|Sunrise|Old Mill|Post Oak
`
  .trim()
  .split(/[|\n]/)
  .map((name) => name.trim());

export const STREET_SUFFIXES: readonly string[] = [
  'St',
  'Ave',
  'Rd',
  'Dr',
  'Ln',
  'Blvd',
  'Ct',
  'Way',
  'Pl',
  'Ter',
  'Pkwy',
  'Cir',
  'Trl',
  'Loop',
];

export const DIRECTIONS: readonly string[] = ['N', 'S', 'E', 'W', 'NE', 'NW', 'SE', 'SW'];

export const UNIT_DESIGNATORS: readonly string[] = ['Apt', 'Unit', 'Ste', '#'];
