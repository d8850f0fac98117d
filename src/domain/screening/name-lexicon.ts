// Word lists the normaliser uses to tell name words from words that say little about who someone is.
// Entries are in folded form (lower case ASCII after transliteration, punctuation removed) and kept as
// whitespace-separated text so the lists stay readable.

const words = (text: string): ReadonlySet<string> => new Set(text.trim().split(/\s+/));

/**
 * Titles and forms of address: they come and go between sources, so they carry little weight. Titles
 * that are also common surnames or given names (King, Prince, Major, Lord, Emir, Amir) are left out.
 */
export const HONORIFICS = words(`
  mr mrs ms miss mx dr prof professor sir dame rev reverend fr hon honourable honorable
  sheikh shaikh shaykh sheik cheikh haji hajji hadji alhaji alhaj hajj mullah mulla mawlawi maulvi
  maulana mawlana qari imam president prasident presidente minister monsieur madame mme mlle herr frau
  senor senora signor gen col colonel capt captain maj lt sgt commander admiral jr junior
`);

/** Vessel prefixes ("MV Hellenic Spirit"): a type marker, not part of the name. */
export const VESSEL_PREFIXES = words('mv mt ss fv mts mfv');

/** Words that join the parts of an organisation's name. */
export const STOPWORDS = words('the of and for in at on by to an und et fur pour');

/**
 * Connecting particles of Arabic, Dutch, German, Romance and other naming systems, to one spelling:
 * `bin`, `ibn`, `ben` and `bn` (son of) are one word, as are the articles `al`, `el` and `ul`.
 */
export const PARTICLES: ReadonlyMap<string, string> = groups(`
  al: al el ul
  bin: bin ibn ben bn ould
  bint: bint binti bte
  van: van von vom zu
  der: der den ter
  de: de da di du do dos das del della dela des
  la: la le lo
`);

/** Abbreviations an organisation's name is written with either way. */
export const ABBREVIATIONS: ReadonlyMap<string, string> = pairs(`
  intl=international natl=national univ=university dept=department assn=association bros=brothers
  mfg=manufacturing mgmt=management svcs=services hldgs=holdings grp=group govt=government
  inst=institute
`);

/**
 * Common given names and their usual short or foreign forms: a nickname is a different string for
 * the same person. Kept to widely used forms; each line is one group.
 */
export const GIVEN_NAME_GROUPS: ReadonlyMap<string, readonly string[]> = memberships(`
  william: william bill billy will willy wilhelm guillaume guillermo
  robert: robert bob bobby rob robbie roberto
  richard: richard rick ricky dick rich ricardo
  edward: edward ed eddie ted ned eduardo edouard
  theodore: theodore ted teddy theo fyodor fedor
  james: james jim jimmy jamie
  john: john johnny jack juan jean johann johannes hans ivan giovanni joao jan sean ian evan
  joseph: joseph joe joey jose giuseppe josef yusuf yosef
  michael: michael mike mikey mick michel miguel mikhail mikael michele
  alexander: alexander alex alec sasha alexandre alejandro alessandro aleksandr aleksander oleksandr
  benjamin: benjamin ben benny binyamin
  thomas: thomas tom tommy tomas
  charles: charles charlie chuck carlos karl carl
  henry: henry harry hank henri enrique heinrich
  peter: peter pete pierre pedro pietro pyotr petr piotr
  paul: paul paolo pablo pavel
  stephen: stephen steven steve stefan stephane esteban stepan
  nicholas: nicholas nick nicky nicolas nicola nikolai nikolay mykola klaus
  anthony: anthony tony antonio anton antoine
  daniel: daniel dan danny
  david: david dave davy
  samuel: samuel sam sammy
  andrew: andrew andy drew andre andres andrea andrey andrei andriy
  george: george georg georges jorge giorgio yuri georgy
  elizabeth: elizabeth liz lizzie beth betty eliza elisabeth isabel
  margaret: margaret maggie meg peggy margarita
  catherine: catherine kate katie cathy katherine kathryn ekaterina yekaterina caterina
  mary: mary maria marie mariya miriam maryam
  abraham: abraham abe ibrahim avraham
  jacob: jacob jake yaqub yakub yaakov jakob
  solomon: solomon sulaiman suleiman sulayman shlomo
  moses: moses musa moshe
  jesus: jesus isa
  joshua: joshua josh
  dmitry: dmitry dmitri dima
  vladimir: vladimir vova volodymyr
  sergey: sergey sergei sergiy serhiy sergio
`);

/** English number words, so "Forty-Four", "44" and "1st"/"First" compare equal. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ...'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'
    .split(' ')
    .map((word, value) => [word, value] as const),
  ...'twenty thirty forty fifty sixty seventy eighty ninety'
    .split(' ')
    .map((word, i) => [word, (i + 2) * 10] as const),
  ...'first second third fourth fifth sixth seventh eighth ninth tenth'
    .split(' ')
    .map((word, i) => [word, i + 1] as const),
]);

/** `"key: a b c"` lines → every word of the line mapped to the key. */
function groups(text: string): ReadonlyMap<string, string> {
  return new Map(parseLines(text));
}

/** `"key: a b c"` lines → every word mapped to all the keys of the lines it appears on. */
function memberships(text: string): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const [word, key] of parseLines(text)) map.set(word, [...(map.get(word) ?? []), key]);
  return map;
}

function parseLines(text: string): [string, string][] {
  return text
    .trim()
    .split('\n')
    .flatMap((line) => {
      const [key, rest] = line.split(':').map((part) => part.trim());
      return key === undefined || rest === undefined
        ? []
        : rest.split(/\s+/).map((word): [string, string] => [word, key]);
    });
}

/** `"a=b c=d"` → a→b, c→d. */
function pairs(text: string): ReadonlyMap<string, string> {
  return new Map(
    text
      .trim()
      .split(/\s+/)
      .map((pair) => pair.split('=') as [string, string]),
  );
}
