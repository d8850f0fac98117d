// Legal forms of organisations. Sources write the same form as an abbreviation, in full, in the local
// language or in translation ("OAO", "Open Joint Stock Company", "otkrytoe aktsionernoe obshchestvo"),
// so each phrase maps to a canonical form and a family. Forms of one family are interchangeable between
// sources; forms of different families contradict (an AG is not a GmbH, an LLC is not a non-profit).
// The normaliser reads them at the start and end of a name, where sources put them.

import { skeletonOf } from './phonetic.ts';
import { editDistance } from './spelling.ts';

const MIN_FUZZY_LENGTH = 7;

export interface LegalForm {
  readonly canonical: string;
  readonly family: string;
}

/** Each line: `family: phrase=canonical; phrase=canonical; …` (a phrase without `=` is its own canonical). */
const TABLE = `
  company: co; company=co; corp; corporation=corp; inc; incorporated=inc; ltd; limited=ltd; plc;
    public limited company=plc; pty; pty ltd=pty; pte; pte ltd=pte; pvt; pvt ltd=pvt; private limited=ltd;
    ltda=ltd; lp; limited partnership=lp; llp; limited liability partnership=llp; kk;
    kabushiki kaisha=kk; bhd; berhad=bhd; sdn bhd=bhd; pt; tbk; fze; fzco=fze; fzc=fze; na;
    national association=na; co ltd=ltd; corp ltd=ltd; kompaniya=co; compania=co; compagnie=co;
    companhia=co; korporatsiya=corp; corporacion=corp; limitada=ltd
  llc: llc; limited liability company=llc; ooo=llc; tov=llc; too=llc;
    obshchestvo s ogranichennoy otvetstvennostyu=llc; tovarystvo z obmezhenoyu vidpovidalnistyu=llc
  jsc: jsc; joint stock company=jsc; ojsc; open joint stock company=ojsc; cjsc;
    closed joint stock company=cjsc; pjsc; public joint stock company=pjsc;
    private joint stock company=jsc; ao=jsc; aktsionernoe obshchestvo=jsc; oao=ojsc;
    otkrytoe aktsionernoe obshchestvo=ojsc; zao=cjsc; zakrytoe aktsionernoe obshchestvo=cjsc;
    pao=pjsc; publichnoe aktsionernoe obshchestvo=pjsc; pat=pjsc; prat=jsc; sc=jsc
  ag: ag; aktiengesellschaft=ag; kgaa=ag; se
  gmbh: gmbh; gesellschaft mit beschrankter haftung=gmbh; mbh=gmbh; gesmbh=gmbh; kg;
    gmbh co kg=kg; ohg=kg
  sa: sa; sociedad anonima=sa; societe anonyme=sa; spa; societa per azioni=spa; sab=sa;
    sa de cv=sa; sab de cv=sa; saa=sa; sal=sa; saog=sa; saoc=sa; sas; nv; naamloze vennootschap=nv;
    as; asa=as; aps=as; ab; aktiebolag=ab; oy; oyj=oy; ad=sa; dd=sa; ae=sa
  srl: srl; societatea cu raspundere limitata=srl; sarl=srl; societe a responsabilite limitee=srl;
    sl=srl; sociedad limitada=srl; sro=srl; sp z oo=srl; spzoo=srl; doo=srl; bv;
    besloten vennootschap=bv; bvba=bv; kft=srl; s de rl=srl; s de rl de cv=srl; eood=srl; ood=srl;
    uab=srl; sia=srl
  non-profit: ano; avtonomnaya nekommercheskaya organizatsiya=ano; ngo; ev
  state: fgup=sue; gup=sue; sue; state unitary enterprise=sue; federal state unitary enterprise=sue
`;

function parseTable(text: string): ReadonlyMap<string, LegalForm> {
  const forms = new Map<string, LegalForm>();
  for (const block of text.trim().split(/\n(?=\s*[a-z-]+:)/)) {
    const colon = block.indexOf(':');
    const family = block.slice(0, colon).trim();
    for (const item of block.slice(colon + 1).split(';')) {
      const [phrase, canonical] = item.split('=').map((part) => part.trim().replace(/\s+/g, ' '));
      if (phrase === undefined || phrase === '') continue;
      forms.set(phrase, { canonical: canonical ?? phrase, family });
    }
  }
  return forms;
}

export const LEGAL_FORMS: ReadonlyMap<string, LegalForm> = parseTable(TABLE);

/** The longest phrase in words, so the phrase matcher knows how far to look ahead. */
export const LEGAL_FORM_MAX_WORDS = Math.max(...[...LEGAL_FORMS.keys()].map((key) => key.split(' ').length));

/** Long phrases by word count, for the misspelt-form search ("Aktiengeselschaft", "Joynt Stock Company"). */
const LONG_FORMS_BY_WORDS = new Map<number, string[]>();
for (const phrase of LEGAL_FORMS.keys()) {
  if (phrase.length < MIN_FUZZY_LENGTH) continue;
  const words = phrase.split(' ').length;
  LONG_FORMS_BY_WORDS.set(words, [...(LONG_FORMS_BY_WORDS.get(words) ?? []), phrase]);
}

/**
 * One-word forms by romanisation skeleton, so a form written in another script or system still reads
 * ("Ллк" → llk, "Компаны" → kompany, "Пджск" → pdzhsk). Two-letter forms only as written: "Ko" is
 * also a Korean surname.
 */
const FORMS_BY_SKELETON = new Map<string, LegalForm>();
for (const [phrase, form] of LEGAL_FORMS) {
  const skeleton = skeletonOf(phrase);
  if (!phrase.includes(' ') && phrase.length >= 3 && !FORMS_BY_SKELETON.has(skeleton)) {
    FORMS_BY_SKELETON.set(skeleton, form);
  }
}

/**
 * The legal form a phrase spells: as written, or one word by its skeleton (`skeleton`, when the
 * caller has it), or with one slip in a phrase of seven letters or more (two from eleven): long forms
 * are often misspelt or cut short ("JOINT STOCK COMPAN") and nothing else is near them.
 */
export function findLegalForm(phrase: string, skeleton?: string): LegalForm | undefined {
  const exact = LEGAL_FORMS.get(phrase);
  if (exact !== undefined || phrase.length < 3) return exact;
  if (!phrase.includes(' ')) {
    const folded = FORMS_BY_SKELETON.get(skeleton ?? skeletonOf(phrase));
    if (folded !== undefined) return folded;
  }
  if (phrase.length < MIN_FUZZY_LENGTH) return undefined;
  const slips = phrase.length > 10 ? 2 : 1;
  const candidates = LONG_FORMS_BY_WORDS.get(phrase.split(' ').length) ?? [];
  const near = candidates.find((form) => form[0] === phrase[0] && editDistance(form, phrase, slips) <= slips);
  return near === undefined ? undefined : LEGAL_FORMS.get(near);
}
