/**
 * Larger US cities (lower-case), for `lives in <city>` style mentions without a state.
 * Written for phigate from general knowledge, not taken from the demo data generator.
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
`;

export const US_CITIES: ReadonlySet<string> = new Set(
  CITIES.split(/[|\n]/)
    .map((c) => c.trim())
    .filter(Boolean),
);
