import { WeightedTable } from '../random/weighted.js';

/**
 * US cities with their real state, a real ZIP code range inside the city's 3-digit ZIP prefix,
 * real area codes, and a weight (about the metro population in 100k). A patient's ZIP is drawn
 * from the city's range, so it is plausible for both the city and the state.
 */
export interface City {
  readonly name: string;
  readonly state: string;
  readonly zipFrom: number;
  readonly zipTo: number;
  readonly areaCodes: readonly number[];
  readonly weight: number;
}

// name | state | zip from-to | area codes | weight
const CITY_ROWS = `
New York|NY|10001-10040|212,646,917|85
Brooklyn|NY|11201-11239|718,347|26
Los Angeles|CA|90001-90089|213,323,310|39
Chicago|IL|60601-60661|312,773,872|27
Houston|TX|77002-77099|713,832,281|23
Phoenix|AZ|85003-85054|602,480|16
Philadelphia|PA|19102-19154|215,267|16
San Antonio|TX|78201-78260|210|15
San Diego|CA|92101-92154|619,858|14
Dallas|TX|75201-75254|214,469,972|13
Austin|TX|78701-78759|512,737|10
Jacksonville|FL|32202-32258|904|9
San Jose|CA|95110-95139|408,669|10
Fort Worth|TX|76102-76140|817,682|9
Columbus|OH|43201-43235|614,380|9
Charlotte|NC|28202-28227|704,980|9
Indianapolis|IN|46201-46260|317,463|9
San Francisco|CA|94102-94134|415,628|8
Seattle|WA|98101-98199|206|8
Denver|CO|80202-80249|303,720|7
Washington|DC|20001-20037|202|7
Boston|MA|02108-02136|617,857|7
Nashville|TN|37201-37221|615,629|7
El Paso|TX|79901-79938|915|7
Detroit|MI|48201-48235|313|6
Oklahoma City|OK|73102-73179|405,572|7
Portland|OR|97201-97236|503,971|6
Las Vegas|NV|89101-89149|702,725|6
Memphis|TN|38103-38141|901|6
Louisville|KY|40202-40299|502|6
Baltimore|MD|21201-21239|410,443|6
Milwaukee|WI|53202-53233|414|6
Albuquerque|NM|87102-87123|505|6
Tucson|AZ|85701-85750|520|5
Fresno|CA|93701-93730|559|5
Sacramento|CA|95811-95838|916,279|5
Kansas City|MO|64101-64157|816|5
Atlanta|GA|30303-30350|404,678,470|5
Omaha|NE|68102-68164|402,531|5
Colorado Springs|CO|80903-80951|719|5
Raleigh|NC|27601-27617|919,984|5
Miami|FL|33125-33186|305,786|4
Oakland|CA|94601-94621|510,341|4
Minneapolis|MN|55401-55455|612|4
Tulsa|OK|74103-74137|918,539|4
Cleveland|OH|44102-44135|216|4
Wichita|KS|67202-67235|316|4
New Orleans|LA|70112-70131|504|4
Tampa|FL|33602-33647|813,656|4
Honolulu|HI|96813-96826|808|3
Anchorage|AK|99501-99518|907|3
Pittsburgh|PA|15201-15237|412,878|3
Cincinnati|OH|45202-45248|513|3
St. Louis|MO|63101-63139|314,557|3
Orlando|FL|32801-32839|407,321|3
St. Paul|MN|55101-55130|651|3
Buffalo|NY|14201-14226|716|3
Newark|NJ|07102-07114|973,862|3
Jersey City|NJ|07302-07311|201,551|3
Richmond|VA|23219-23236|804|2
Virginia Beach|VA|23451-23464|757|4
Arlington|VA|22201-22213|703,571|2
Boise|ID|83702-83716|208,986|2
Salt Lake City|UT|84101-84121|801,385|2
Birmingham|AL|35203-35244|205,659|2
Montgomery|AL|36104-36117|334|2
Des Moines|IA|50309-50322|515|2
Cedar Rapids|IA|52401-52411|319|1
Madison|WI|53703-53719|608|2
Spokane|WA|99201-99224|509|2
Tacoma|WA|98402-98499|253|2
Rochester|NY|14604-14626|585|2
Albany|NY|12202-12211|518|1
Syracuse|NY|13202-13224|315,680|1
Providence|RI|02903-02909|401|2
Hartford|CT|06103-06120|860,959|1
New Haven|CT|06510-06519|203,475|1
Manchester|NH|03101-03109|603|1
Portland|ME|04101-04103|207|1
Burlington|VT|05401-05408|802|1
Worcester|MA|01602-01610|508,774|2
Springfield|MA|01103-01129|413|1
Wilmington|DE|19801-19810|302|1
Charleston|WV|25301-25315|304,681|1
Charleston|SC|29401-29492|843,854|1
Columbia|SC|29201-29229|803,839|1
Greensboro|NC|27401-27455|336,743|2
Savannah|GA|31401-31419|912|1
Knoxville|TN|37902-37938|865|2
Jackson|MS|39201-39213|601,769|1
Lexington|KY|40502-40517|859|2
Toledo|OH|43604-43623|419,567|2
Fort Wayne|IN|46802-46845|260|2
Grand Rapids|MI|49503-49548|616|2
Ann Arbor|MI|48103-48109|734|1
Sioux Falls|SD|57103-57110|605|1
Fargo|ND|58102-58104|701|1
Billings|MT|59101-59106|406|1
Cheyenne|WY|82001-82009|307|1
Reno|NV|89501-89523|775|2
Eugene|OR|97401-97408|541,458|1
Little Rock|AR|72201-72227|501|2
Baton Rouge|LA|70801-70820|225|2
Springfield|IL|62701-62712|217,447|1
Peoria|IL|61602-61615|309,861|1
Harrisburg|PA|17101-17113|717,223|1
Allentown|PA|18101-18109|610,484|1
Trenton|NJ|08608-08629|609,640|1
`;

export const CITIES: readonly City[] = CITY_ROWS.trim()
  .split('\n')
  .map((line) => {
    const [name, state, zips, codes, weight] = line.split('|') as [string, string, string, string, string];
    const [from, to] = zips.split('-').map(Number) as [number, number];
    return {
      name,
      state,
      zipFrom: from,
      zipTo: to,
      areaCodes: codes.split(',').map(Number),
      weight: Number(weight),
    };
  });

export const CITY_TABLE = new WeightedTable(CITIES.map((c) => [c, c.weight] as const));

/** Two-letter USPS codes to full names, for notes that spell the state out. */
export const STATE_NAMES: Readonly<Record<string, string>> = {
  AK: 'Alaska',
  AL: 'Alabama',
  AR: 'Arkansas',
  AZ: 'Arizona',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DC: 'District of Columbia',
  DE: 'Delaware',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  IA: 'Iowa',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  MA: 'Massachusetts',
  MD: 'Maryland',
  ME: 'Maine',
  MI: 'Michigan',
  MN: 'Minnesota',
  MO: 'Missouri',
  MS: 'Mississippi',
  MT: 'Montana',
  NC: 'North Carolina',
  ND: 'North Dakota',
  NE: 'Nebraska',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NV: 'Nevada',
  NY: 'New York',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VA: 'Virginia',
  VT: 'Vermont',
  WA: 'Washington',
  WI: 'Wisconsin',
  WV: 'West Virginia',
  WY: 'Wyoming',
};
