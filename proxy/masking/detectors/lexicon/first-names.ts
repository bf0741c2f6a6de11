/**
 * Common US given names (female, male, unisex; Anglo, Hispanic, African-American, Asian and
 * other origins), lower-case. Written for phigate, not taken from the demo data generator.
 */
const NAMES = `
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra
ashley kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura
cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra
rachel carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren
christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison
frances kathryn janice jean abigail alice judy sophia denise marilyn danielle beverly isabella theresa
diana natalie brittany charlotte marie kayla alexis lori alyssa tiffany tammy irene jane lillian
rose carmen ella mia ava chloe zoe aria harper layla nora scarlett luna penelope camila gianna aaliyah
elena valentina natalia gabriela ximena daniela lucia sofia guadalupe rosa yolanda juanita alejandra
veronica adriana beatriz marisol esperanza consuelo dolores graciela leticia lourdes maribel yesenia
keisha latoya tamika shaniqua ebony aisha imani jasmine tanisha precious shanice latasha kiara monique
deja tierra nia ayana jamila zaria
mei ling yan hui xiu ying jing priya ananya aarti deepa kavya lakshmi sunita meera anjali pooja neha
yuki aiko keiko sakura haruka hana min ji-woo seo-yeon soo-ah thuy linh ngoc huong lan
fatima aaliya amira layla yasmin noor zainab mariam leila samira
james robert john michael david william richard joseph thomas charles christopher daniel matthew anthony
donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan
jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander
patrick jack dennis jerry tyler aaron jose adam nathan henry zachary douglas peter kyle noah ethan jeremy
walter christian keith roger terry austin sean gerald carl harold dylan arthur lawrence jordan jesse
bryan billy bruce gabriel joe logan alan juan albert willie elijah wayne randy vincent mason roy ralph
bobby russell bradley philip eugene louis harry howard liam lucas oliver aiden caleb owen luke isaac
carlos luis jorge miguel alejandro ricardo fernando javier eduardo francisco rafael sergio manuel pedro
raul enrique armando hector ramon alberto mario julio cesar diego andres santiago mateo emilio ignacio
darnell jamal tyrone deshawn terrell malik jermaine darius marquis lamar andre cedric reginald rashad
dwayne demetrius kareem tremaine jalen
wei jian hao jun ming lei chen tao hiroshi takashi kenji satoshi raj rahul amit vikram arjun sanjay
ravi suresh anil vijay kumar mohammed muhammad ahmed ali omar hassan ibrahim yusuf khalid tariq
hamza minh duc tuan quang hung jin-woo seung min-jun hyun dong-hyun
kwame kofi chidi emeka oluwaseun tunde babajide amara chioma ngozi adaeze folasade
dmitri sergei ivan alexei olga svetlana natasha irina tatiana anastasia
giovanni marco luca alessandro francesca giulia chiara
pierre jacques francois claire
sean connor liam niamh siobhan aoife ciara declan
taylor morgan casey riley avery quinn jamie cameron reese rowan skyler dakota kendall peyton
bernard clarence leonard earl stanley frederick herbert norman marvin glenn alfred leroy lloyd melvin
vernon floyd clifford chester lester milton eddie
edith mildred florence ethel gladys lucille agnes bernice marjorie norma thelma vera wilma geraldine
loretta lorraine doris hazel irma viola eleanor josephine bertha esther louise rita lois phyllis
ellen sylvia beatrice eileen arlene maxine darlene rosemary rosalind yvonne claudia
alan andrea ben sam tom tim jim mike steve dave chris nick matt dan tony josh jon jeff greg rob
kathy cathy patty peggy debbie becky jenny jill beth liz meg katie maggie abby sue
paula regina ellie xavier paisley jaxon chinedu calvin raymond harriet roberto xiomara tamika rebecca
emily madeline madelyn mackenzie makayla mckenzie brooklyn brooke bella isabel isabelle gabriella arianna
ariana aubrey audrey addison allison alison allie alexa alexandra alexandria alana alina alicia amelia
annabelle anne annie april athena autumn bailey brianna brielle brittany caroline cassandra catalina
cecilia celeste charlie claire clara clarissa colleen courtney daisy dana delilah eden eliana eliza ellen
eloise elise emery esme eva evangeline everly faith fiona freya genesis georgia gemma giselle haley
hailey harmony hazel heidi holly iris isla ivy jada jade jillian jocelyn josie julia juliana juliet
june kaitlyn katelyn kaylee kendra kennedy kinsley kira lacey leah lila lilah lillie lindsay lindsey
logan londyn lucy lydia lyla mabel maggie makenna margot marissa maya melanie mila miranda molly
nadia naomi natalia nevaeh noelle nova olive paige parker piper quinn raegan reagan rebekah renee
rylee sabrina sadie sage savannah selena serenity shelby sienna sierra skylar sloane stella summer
sydney tessa trinity valerie vanessa vivian willow wren yasmine zara zoey zuri
aiden alex alexis amir andres angelo anderson antonio archer asher axel barrett beau bennett blake
brady braxton brayden brendan brody bryce caden callum camden carson carter cash chase clayton cody
colin colton cooper corey dallas damian damon dante davis dawson dean declan derek desmond dominic
drew easton eli elias elliot elliott emmanuel emmett enzo erik ezekiel ezra felix finn finley fletcher
forrest garrett gavin grant graham grayson griffin hayden hudson hunter ian jace jackson jaden jameson
jasper jax jaxson jayden jonah josiah judah julian kai kaleb karter kayden king kingston knox lance
landon leo leon leonardo levi lincoln lorenzo luca maddox malcolm marcus marshall mateo maverick
max maxwell micah miles milo myles nash nathaniel nolan oscar parker paxton preston quentin reid
remington rhett riley roman rowan ryder sawyer silas simon spencer sterling theo theodore tobias
travis trevor tristan troy tucker wade warren waylon wesley weston wyatt xander zane zion
brandy candice crystal darla dena georgina gwendolyn harriet henrietta ingrid janelle jeanette jolene
joyce kristen kristin kristina krista lena lorena lorna mallory marcia marlene maureen meredith
miriam nadine nina noreen pamela patrice priscilla rhonda roxanne sonia stacey stacy tara tonya
tracy trisha ursula wanda wendy whitney yvette
`;

export const FIRST_NAMES: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter(Boolean));
