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
`;

export const FIRST_NAMES: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter(Boolean));
