/**
 * US cities (lower-case), for `lives in <city>` style mentions without a state: the incorporated
 * cities of about 100,000 people or more, every state capital, and the boroughs of New York.
 * Written for phigate from general knowledge, not taken from the demo data generator. Cities
 * that are also common given names (Allen, Tyler, Tracy, Warren, Kent...) are left out: after
 * `to` or `with` they are far more often a person, and the name recognizer masks them anyway.
 */
const CITIES = `
new york|los angeles|chicago|houston|phoenix|philadelphia|san antonio|san diego|dallas|san jose|austin
jacksonville|fort worth|columbus|charlotte|indianapolis|san francisco|seattle|denver|oklahoma city
nashville|el paso|washington|boston|las vegas|portland|louisville|memphis|detroit|baltimore|milwaukee
albuquerque|tucson|fresno|sacramento|mesa|kansas city|atlanta|omaha|colorado springs|raleigh
long beach|virginia beach|miami|oakland|minneapolis|tulsa|bakersfield|wichita|arlington|aurora|tampa
new orleans|cleveland|honolulu|anaheim|lexington|stockton|corpus christi|henderson|riverside|newark
saint paul|st. paul|santa ana|cincinnati|irvine|orlando|pittsburgh|st. louis|saint louis|greensboro
jersey city|anchorage|lincoln|plano|durham|buffalo|chandler|chula vista|toledo|madison|gilbert|reno
fort wayne|north las vegas|st. petersburg|lubbock|irving|laredo|winston-salem|chesapeake|glendale
garland|scottsdale|norfolk|boise|fremont|spokane|santa clarita|baton rouge|richmond|hialeah
san bernardino|tacoma|modesto|huntsville|des moines|yonkers|rochester|moreno valley|fayetteville
fontana|columbus|worcester|port st. lucie|little rock|augusta|oxnard|birmingham|montgomery|frisco
amarillo|salt lake city|grand rapids|huntington beach|overland park|tallahassee|knoxville|providence
worcester|chattanooga|brownsville|fort lauderdale|tempe|akron|springfield|hartford|syracuse
savannah|dayton|jackson|charleston|albany|burlington|manchester|portland|wilmington|bridgeport
cambridge|berkeley|ann arbor|new haven|pasadena|evanston|brooklyn|queens|the bronx|bronx|staten island
cedar rapids|sioux falls|fargo|billings|eugene|peoria|allentown|ontario|elk grove|pembroke pines|salem
lancaster|corona|palmdale|sunnyvale|pomona|escondido|rockford|joliet|paterson|torrance|hayward|lakewood
hollywood|naperville|fullerton|mesquite|killeen|mcallen|macon|sioux city|cary|clarksville|denton|waco
midland|odessa|beaumont|round rock|carrollton|abilene|pearland|richardson|league city|college station
lewisville|sugar land|edinburg|goodyear|buckeye|sterling heights|lansing|elgin|thornton|arvada|pueblo
fort collins|greeley|centennial|boulder|provo|west valley city|west jordan|orem|st. george|saint george|ogden
gresham|hillsboro|bend|vancouver|bellevue|everett|renton|spokane valley|federal way|yakima|santa rosa
salinas|visalia|thousand oaks|simi valley|roseville|santa clara|vallejo|victorville|el monte|downey
costa mesa|inglewood|ventura|west covina|norwalk|carlsbad|murrieta|antioch|temecula|daly city
santa maria|el cajon|san mateo|rialto|jurupa valley|compton|mission viejo|vacaville|hesperia|redding
santa monica|citrus heights|chico|menifee|lakeland|palm bay|cape coral|gainesville|coral springs
miramar|pompano beach|west palm beach|clearwater|miami gardens|palm coast|north charleston|athens
sandy springs|murfreesboro|evansville|south bend|fishers|erie|stamford|waterbury|lowell|new bedford
elizabeth|edison|woodbridge|newport news|hampton|alexandria|high point|green bay|kenosha|davenport
olathe|norman|broken arrow|fort smith|shreveport|lafayette|metairie|gulfport|mobile|tuscaloosa
las cruces|rio rancho|sparks|yuma|meridian|nampa|missoula|rapid city|duluth|flint|dearborn|livonia
champaign|bowling green|mckinney|grand prairie|conroe|new braunfels|wichita falls|san angelo|lehi
lewiston|huntington|casper|scranton|bethlehem|camden|frederick|gaithersburg|rockville|south fulton
juneau|dover|topeka|frankfort|annapolis|jefferson city|helena|carson city|concord|santa fe|bismarck
pierre|montpelier|olympia|cheyenne|harrisburg|trenton|columbia|boise city|st. paul|tallahassee
`;

export const US_CITIES: ReadonlySet<string> = new Set(
  CITIES.split(/[|\n]/)
    .map((c) => c.trim())
    .filter(Boolean),
);
