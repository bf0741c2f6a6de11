import { WeightedTable } from '../random/weighted.js';

/**
 * Given names in approximate US frequency order (SSA/Census across birth cohorts), weighted by
 * rank. Includes names that are also ordinary words or months (Hope, June, April, Will, Faith)
 * because real notes contain them and detectors must cope.
 */
const FEMALE = `
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra
Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Dorothy Rebecca
Sharon Laura Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine
Christine Helen Debra Rachel Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria
Ruth Virginia Lauren Kelly Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha
Madison Teresa Gloria Sara Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy Isabella Julia
Grace Amber Denise Danielle Marilyn Beverly Charlotte Natalie Theresa Diana Brittany Doris Kayla
Alexis Lori Marie Tiffany Kathy Rose Tammy Crystal Erin Hailey Ava Mia Chloe Lily Ella Zoe Aubrey
Addison Layla Brooklyn Harper Avery Scarlett Aria Nora Camila Penelope Riley Ellie Leah Stella Hazel
Violet Aurora Savannah Audrey Bella Claire Lucy Paisley Skylar Gabriella Madelyn Elena Naomi Ruby
Eva Sadie Caroline Kennedy Allison Valentina Genesis Jasmine Maya Sofia Ximena Guadalupe Rosa Carmen
Ana Juana Yolanda Leticia Alejandra Veronica Adriana Claudia Lucia Esperanza Mariana Daniela Fernanda
Yesenia Mei Priya Anjali Aisha Fatima Mariam Nia Imani Aaliyah Destiny Ebony Keisha Latoya Tanisha
Jada Kiara Hope Faith April June Dawn Joy Robin Holly Ivy Iris Pearl Wendy Vanessa Monica Tracy Stacy
Paula Tina Carla Rita Lois Norma Phyllis Mildred Edna Gladys Florence Ethel Thelma Louise Irene
Lillian Eleanor Clara Esther Agnes Bernice Peggy Sylvia Vera Lorraine Rosemary Connie Sheila Ellen
Lynn Gail Kristen Erica Courtney Lindsay Meghan Brianna Alyssa Morgan Taylor Paige Sierra Mackenzie
Jenna Haley Gabrielle Caitlin Molly Bethany Leslie Colleen Tonya Renee Regina Joanne Bonnie Anita
Beatrice Miriam Yvonne Rhonda Sonia Rebekah Kendra Krystal Jill Sherry Dana Marcia Annette Elaine
Darlene Charlene Autumn Summer Mae Josefina Thu Linh Hoa Yuki Soo-jin Min-ji Ngozi Chiamaka Siobhan
Mary-Kate Anne-Marie Dolores Consuelo Marisol Luz Blanca Graciela Socorro Xiomara Zainab Amira
`;

const MALE = `
James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew
Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy Ronald Jason Edward
Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel
Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Zachary
Douglas Peter Kyle Noah Ethan Jeremy Walter Christian Keith Roger Terry Austin Sean Gerald Carl Harold
Dylan Arthur Lawrence Jordan Jesse Bryan Billy Bruce Gabriel Joe Logan Alan Juan Albert Willie Elijah
Wayne Randy Vincent Mason Roy Ralph Bobby Russell Bradley Philip Eugene Liam Oliver Lucas Aiden
Jackson Sebastian Mateo Owen Caleb Luke Isaac Wyatt Grayson Levi Julian Hunter Connor Landon Carter
Isaiah Eli Lincoln Jaxon Hudson Ezra Colton Cameron Evan Adrian Dominic Nolan Xavier Miles Jace Easton
Carlos Luis Miguel Jorge Pedro Manuel Ricardo Francisco Javier Alejandro Fernando Rafael Eduardo
Sergio Roberto Diego Hector Raul Ramon Ruben Enrique Andres Santiago Minh Tuan Wei Jun Hiroshi Raj
Arjun Vikram Rahul Sanjay Mohammed Ahmed Omar Ali Hassan Ibrahim Malik Jamal Darnell Tyrone DeShawn
Andre Marcus Terrell Jerome Cedric Reginald Leroy Clarence Earl Howard Louis Fred Stanley Leonard
Herbert Chester Lloyd Harvey Ernest Melvin Norman Marvin Glenn Dale Curtis Craig Todd Shawn Travis
Derek Chad Cody Troy Corey Dustin Marc Neil Ross Grant Wesley Spencer Trevor Garrett Seth Blake Brett
Victor Martin Jimmy Johnny Danny Tony Ray Phillip Allen Edwin Calvin Francis Rodney Joel Warren
Mitchell Frederick Leon Theodore Maxwell Felix Oscar Ivan Hugo Dean Rex Guy Will Chance Art Bill
Jean-Luc Jae-won Chinedu Emeka Kwame Dmitri Sven Lars Seamus Declan Jesus Angel
`;

const words = (list: string) => list.split(/\s+/).filter((w, i, all) => w && all.indexOf(w) === i);

export const FEMALE_FIRST_NAMES: readonly string[] = words(FEMALE);
export const MALE_FIRST_NAMES: readonly string[] = words(MALE);
export const FEMALE_FIRST_NAME_TABLE = WeightedTable.byRank(FEMALE_FIRST_NAMES);
export const MALE_FIRST_NAME_TABLE = WeightedTable.byRank(MALE_FIRST_NAMES);
