/** Encodes text as windows-1252, which Node cannot do natively. */
export function cp1252(s: string): Buffer {
  const extra: Record<string, number> = {
    "€": 0x80,
    "’": 0x92,
    "‘": 0x91,
    "“": 0x93,
    "”": 0x94,
    "–": 0x96,
    "—": 0x97,
    œ: 0x9c,
  };
  return Buffer.from(
    Array.from(s, (c) => {
      const code = c.codePointAt(0)!;
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
      const b = extra[c];
      if (b === undefined) throw new Error(`cannot encode ${c}`);
      return b;
    }),
  );
}

export const FRENCH =
  "Le ministre des Affaires étrangères a déclaré mercredi que les négociations reprendraient à Genève " +
  "dès la semaine prochaine. « C’est une étape décisive », a-t-il ajouté devant la presse, évoquant un " +
  "cessez-le-feu « fragile » et un coût de 3 millions d’euros pour l’aide d’urgence.";
