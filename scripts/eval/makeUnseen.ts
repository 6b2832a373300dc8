/**
 * Generates the "unseen" set (bridge/eval/unseen): order e-mails in layouts the extractor was not
 * developed on — ERP prints with position numbers and price-unit columns, prices per 100 / per 1000,
 * pre-printed order forms, portal HTML, fixed-width text, requests for quotation, status inquiries and
 * forecasts in several languages, a body naming a product we do not carry, street numbers next to a
 * "Purchase Order" title. Written once, scored blind; no rule is tuned to one of its cases (see
 * bridge/eval/unseen/README.md). Deterministic; run with
 * `npx tsx scripts/eval/makeUnseen.ts bridge/eval/unseen`.
 */
import { type Case, L, type Line, pdf, sum, writeCases, xlsx } from "./lib/caseWriter.ts";

const C = {
  acme: { ref: "C-1001", email: "j.keller@acme-gmbh.example", name: "Jana Keller" },
  acmeLog: { ref: "C-1002", email: "tom.hughes@acme-logistics.example", name: "Tom Hughes" },
  hofmann: { ref: "C-1003", email: "k.hofmann@baeckerei-hofmann.example", name: "Katrin Hofmann" },
  moreau: { ref: "C-1004", email: "e.moreau@boulangerie-moreau.example", name: "Émilie Moreau" },
  durand: { ref: "C-1005", email: "c.lefevre@labo-durand.example", name: "Claire Lefèvre" },
  ortega: { ref: "C-1006", email: "l.garcia@distribuciones-ortega.example", name: "Lucía García" },
  nordlicht: { ref: "C-1008", email: "h.petersen@nordlicht-elektro.example", name: "Hauke Petersen" },
  brightline: { ref: "C-1009", email: "sarah.collins@brightline-interiors.example", name: "Sarah Collins" },
  pinecrest: { ref: "C-1010", email: "dana.whitfield@pinecrestlabs.example", name: "Dana Whitfield" },
  vandijk: { ref: "C-1011", email: "r.vandijk@vandijk-verpakkingen.example", name: "Ruud van Dijk" },
  hofmannE: { ref: "C-1013", email: "u.hofmann@hofmann-elektrotechnik.example", name: "Uwe Hofmann" },
  mercado: { ref: "C-1014", email: "j.romero@mercadocentral.example", name: "Javier Romero" },
  greenfield: { ref: "C-1016", email: "malvarez@greenfieldpkg.example", name: "Mike Alvarez" },
  moreauE: { ref: "C-1017", email: "j.moreau@moreau-electricite.example", name: "Julien Moreau" },
  tecnolab: { ref: "C-1018", email: "m.puig@tecnolab-iberica.example", name: "Marta Puig" },
  oakridge: { ref: "C-1019", email: "aoife.byrne@oakridge-workspace.example", name: "Aoife Byrne" },
  steiner: { ref: "C-1020", email: "a.steiner@steiner-bueromoebel.example", name: "Andrea Steiner" },
};
type Customer = (typeof C)[keyof typeof C];

const en = (n: number, d = 2) =>
  n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

function order(
  c: Customer,
  o: {
    id: string;
    subject: string;
    date: string;
    text?: string;
    html?: string;
    attachments?: Case["attachments"];
    po: string | null;
    orderDate: string;
    delivery: string | null;
    currency: string;
    lines: Line[];
    total?: number | null;
    expect?: string;
    notes: string;
    tags: string[];
  },
): Case {
  const priced = o.lines.some((l) => l.unit_price !== null);
  return {
    id: o.id,
    messageIdPrefix: "unseen",
    from: c.email,
    fromName: c.name,
    subject: o.subject,
    date: o.date,
    ...(o.text !== undefined ? { text: o.text } : {}),
    ...(o.html !== undefined ? { html: o.html } : {}),
    ...(o.attachments ? { attachments: o.attachments } : {}),
    truth: {
      kind: "sales_order",
      customer_ref: c.ref,
      orders: [
        {
          customer_reference: o.po,
          order_date: o.orderDate,
          delivery_date: o.delivery,
          currency: o.currency,
          lines: o.lines,
          total_untaxed: o.total !== undefined ? o.total : priced ? sum(o.lines) : null,
        },
      ],
      expect: o.expect ?? "draft",
      notes: o.notes,
      tags: o.tags,
    },
  };
}

function nonOrder(
  c: Customer,
  o: { id: string; subject: string; date: string; text: string; notes: string; tags: string[] },
): Case {
  return {
    id: o.id,
    messageIdPrefix: "unseen",
    from: c.email,
    fromName: c.name,
    subject: o.subject,
    date: o.date,
    text: o.text,
    truth: {
      kind: "not_an_order",
      customer_ref: c.ref,
      orders: [],
      expect: "review",
      notes: o.notes,
      tags: o.tags,
    },
  };
}

export async function buildCases(): Promise<Case[]> {
  const cases: Case[] = [];

  // 201 ERP print (de): position numbers 10/20/30, a "PE" (Preiseinheit) column, prices per 100 m
  {
    const lines = [
      L("ELC-2501", "Mantelleitung NYM-J 3x1,5", 500, "m", 0.89),
      L("ELC-2502", "Mantelleitung NYM-J 5x2,5", 200, "m", 2.35),
      L("ELC-2401", "LS-Schalter B16 1-polig", 30, "Units", 4.85),
    ];
    const rows: Array<Array<[number, string]>> = [
      [[40, "Hofmann Elektrotechnik GmbH - Einkauf"]],
      [[40, "BESTELLUNG"]],
      [
        [40, "Bestell-Nr.: HE-B-77120"],
        [320, "Datum: 09.11.2026"],
      ],
      [[40, "Liefertermin: 23.11.2026"]],
      [],
      [
        [40, "Pos"],
        [70, "Menge"],
        [120, "ME"],
        [150, "Artikel-Nr."],
        [220, "Bezeichnung"],
        [390, "Preis"],
        [440, "PE"],
        [480, "Betrag EUR"],
      ],
      [
        [40, "10"],
        [70, "500"],
        [120, "m"],
        [150, "ELC-2501"],
        [220, "Mantelleitung NYM-J 3x1,5"],
        [390, "89,00"],
        [440, "100"],
        [480, "445,00"],
      ],
      [
        [40, "20"],
        [70, "200"],
        [120, "m"],
        [150, "ELC-2502"],
        [220, "Mantelleitung NYM-J 5x2,5"],
        [390, "235,00"],
        [440, "100"],
        [480, "470,00"],
      ],
      [
        [40, "30"],
        [70, "30"],
        [120, "Stk"],
        [150, "ELC-2401"],
        [220, "LS-Schalter B16 1-polig"],
        [390, "4,85"],
        [440, "1"],
        [480, "145,50"],
      ],
      [],
      [
        [390, "Nettobetrag"],
        [480, "1.060,50"],
      ],
    ];
    cases.push(
      order(C.hofmannE, {
        id: "201",
        subject: "Bestellung HE-B-77120",
        date: "Mon, 09 Nov 2026 08:12:00 +0100",
        text: "Guten Morgen,\n\nanbei unsere Bestellung HE-B-77120.\n\nMfG\nUwe Hofmann\n",
        attachments: [
          { filename: "Bestellung_HE-B-77120.pdf", contentType: "application/pdf", data: pdf([rows]) },
        ],
        po: "HE-B-77120",
        orderDate: "2026-11-09",
        delivery: "2026-11-23",
        currency: "EUR",
        lines,
        total: 1060.5,
        notes: "ERP print: Pos 10/20/30, PE column (price per 100 m).",
        tags: ["pdf", "lang:de", "price-unit", "position-numbers"],
      }),
    );
  }

  // 202 ERP print (en, US): line numbers 1/2/3, "Price per C" header, extended amounts
  {
    const lines = [
      L("PKG-3011", "Cardboard Box 300x200x150 Single Wall", 2000, "Units", 0.68),
      L("PKG-3012", "Cardboard Box 400x300x200 Double Wall", 1000, "Units", 1.45),
      L("PKG-3201", "Packing Tape Brown 50mm x 66m", 144, "Units", 1.95),
    ];
    const rows: Array<Array<[number, string]>> = [
      [[40, "GREENFIELD PACKAGING CO."]],
      [
        [40, "PURCHASE ORDER"],
        [380, "PO No: GP-20931"],
      ],
      [
        [40, "Order Date: 11/10/2026"],
        [380, "Required: 11/30/2026"],
      ],
      [],
      [
        [40, "Line"],
        [75, "Item"],
        [140, "Description"],
        [340, "Qty"],
        [390, "Price per C"],
        [470, "Ext. Amount"],
      ],
      [
        [40, "1"],
        [75, "PKG-3011"],
        [140, "Cardboard Box 300x200x150 Single Wall"],
        [340, "2,000"],
        [390, "68.00"],
        [470, "1,360.00"],
      ],
      [
        [40, "2"],
        [75, "PKG-3012"],
        [140, "Cardboard Box 400x300x200 Double Wall"],
        [340, "1,000"],
        [390, "145.00"],
        [470, "1,450.00"],
      ],
      [
        [40, "3"],
        [75, "PKG-3201"],
        [140, "Packing Tape Brown 50mm x 66m"],
        [340, "144"],
        [390, "195.00"],
        [470, "280.80"],
      ],
      [],
      [
        [380, "Subtotal"],
        [470, "3,090.80"],
      ],
    ];
    cases.push(
      order(C.greenfield, {
        id: "202",
        subject: "PO GP-20931",
        date: "Tue, 10 Nov 2026 09:40:00 -0500",
        text: "Hi,\n\nPlease see attached PO GP-20931.\n\nMike Alvarez\nGreenfield Packaging Co.\n",
        attachments: [{ filename: "PO_GP-20931.pdf", contentType: "application/pdf", data: pdf([rows]) }],
        po: "GP-20931",
        orderDate: "2026-11-10",
        delivery: "2026-11-30",
        currency: "USD",
        lines,
        total: 3090.8,
        notes: "Prices per hundred (per C), line numbers 1/2/3.",
        tags: ["pdf", "lang:en", "price-unit", "position-numbers"],
      }),
    );
  }

  // 203 pre-printed order form (xlsx): the whole range listed, quantities on three rows only
  {
    const range: Array<[string, string, number]> = [
      ["ING-4001", "Weizenmehl Type 405", 0.62],
      ["ING-4002", "Weizenmehl Type 550", 0.58],
      ["ING-4003", "Roggenmehl Type 1150", 0.74],
      ["ING-4101", "Rohrzucker fein", 1.35],
      ["ING-4102", "Puderzucker", 1.55],
      ["ING-4401", "Meersalz fein", 0.95],
      ["ING-4501", "Butter ungesalzen 82%", 7.8],
      ["ING-4901", "Trockenhefe", 6.5],
      ["ING-4902", "Backpulver", 3.9],
    ];
    const qty: Record<string, number> = { "ING-4002": 600, "ING-4101": 50, "ING-4901": 10 };
    const lines = range
      .filter(([code]) => qty[code])
      .map(([code, name, price]) => L(code, name, qty[code] as number, "kg", price));
    const data = await xlsx([
      {
        name: "Bestellformular",
        rows: [
          ["Bäckerei Hofmann GmbH", null, null, null, null],
          ["Bestellformular Rohstoffe", null, null, null, null],
          ["Bestellnummer", "BH-2611-07", null, null, null],
          ["Liefertermin", "20.11.2026", null, null, null],
          [null, null, null, null, null],
          ["Artikelnr.", "Bezeichnung", "Einheit", "Preis/kg", "Bestellmenge"],
          ...range.map(([code, name, price]) => [code, name, "kg", price, qty[code] ?? null]),
        ],
      },
    ]);
    cases.push(
      order(C.hofmann, {
        id: "203",
        subject: "Bestellformular KW 47",
        date: "Wed, 11 Nov 2026 06:55:00 +0100",
        text: "Hallo,\n\nanbei unser Bestellformular für diese Woche.\n\nViele Grüße\nKatrin Hofmann\n",
        attachments: [
          {
            filename: "Bestellformular_KW47.xlsx",
            contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            data,
          },
        ],
        po: "BH-2611-07",
        orderDate: "2026-11-11",
        delivery: "2026-11-20",
        currency: "EUR",
        lines,
        notes: "Pre-printed form listing the whole range; only three rows carry a quantity.",
        tags: ["xlsx", "lang:de", "order-form"],
      }),
    );
  }

  // 204 portal HTML (no text part): qty ordered, qty in stock, unit price, extended, order total
  {
    const lines = [
      L("LAB-5011", "Erlenmeyer Flask 500 ml", 24, "Units", 6.4),
      L("LAB-5701", "Safety Goggles Clear", 12, "Units", 7.4),
      L("LAB-5401", "Nitrile Gloves Size M (100 pcs)", 40, "Units", 6.9),
    ];
    const row = (l: Line, stock: number) =>
      `<tr><td>${l.default_code}</td><td>${l.description}</td><td>${stock}</td><td>${l.quantity}</td><td>$${en(l.unit_price ?? 0)}</td><td>$${en(l.quantity * (l.unit_price ?? 0))}</td></tr>`;
    const html = `<html><body><p>Order submitted via Pinecrest Procurement Portal</p>
<p>Requisition: PR-55810<br>PO Number: PCL-7731-A<br>Order Date: Nov 12, 2026<br>Need By: Dec 1, 2026</p>
<table border="1"><tr><th>Item #</th><th>Description</th><th>On Hand</th><th>Qty Ordered</th><th>Unit Price</th><th>Extended</th></tr>
${row(lines[0] as Line, 6)}${row(lines[1] as Line, 30)}${row(lines[2] as Line, 120)}
</table><p>Order Total: $${en(sum(lines))}</p><p>This is an automated message from the Pinecrest Procurement Portal.</p></body></html>`;
    cases.push(
      order(C.pinecrest, {
        id: "204",
        subject: "Purchase Order PCL-7731-A submitted",
        date: "Thu, 12 Nov 2026 14:02:00 -0500",
        html,
        po: "PCL-7731-A",
        orderDate: "2026-11-12",
        delivery: "2026-12-01",
        currency: "USD",
        lines,
        notes: "Portal HTML with an on-hand (stock) column next to the ordered quantity; no PR number as PO.",
        tags: ["body-html", "lang:en", "stock-column"],
      }),
    );
  }

  // 205 fixed-width text body with a header, position numbers and amounts
  {
    const lines = [
      L("FUR-1101", "Office Chair ErgoPro Black", 8, "Units", 289),
      L("FUR-1402", "Monitor Arm Dual", 8, "Units", 109),
      L("FUR-1203", "Mobile Pedestal 3 Drawers", 4, "Units", 189),
    ];
    const text = `Dear team,

please deliver the following (order ref. OW-PO-3317, 13 Nov 2026), delivery by 4 December 2026:

POS  ARTICLE   DESCRIPTION                    QTY    PRICE      AMOUNT
1    FUR-1101  Office Chair ErgoPro Black       8   289.00    2,312.00
2    FUR-1402  Monitor Arm Dual                 8   109.00      872.00
3    FUR-1203  Mobile Pedestal 3 Drawers        4   189.00      756.00
                                        TOTAL EXCL. VAT       3,940.00

Kind regards,
Aoife Byrne
Oakridge Workspace Ltd
`;
    cases.push(
      order(C.oakridge, {
        id: "205",
        subject: "Order OW-PO-3317",
        date: "Fri, 13 Nov 2026 11:20:00 +0000",
        text,
        po: "OW-PO-3317",
        orderDate: "2026-11-13",
        delivery: "2026-12-04",
        currency: "EUR",
        lines,
        notes: "Fixed-width text table with position numbers 1/2/3.",
        tags: ["body-text", "lang:en", "fixed-width", "position-numbers"],
      }),
    );
  }

  // 206 request for quotation (it)
  cases.push(
    nonOrder(C.ortega, {
      id: "206",
      subject: "Richiesta di offerta - cavi e interruttori",
      date: "Mon, 16 Nov 2026 10:00:00 +0100",
      text: "Buongiorno,\n\nvi chiediamo gentilmente di inviarci la vostra migliore offerta per:\n\n- 300 m ELC-2501 cavo NYM-J 3x1,5\n- 50 pz ELC-2401 interruttore B16\n\nIn attesa di un vostro preventivo, cordiali saluti.\nLucía García\n",
      notes: "Request for quotation in Italian.",
      tags: ["rfq", "lang:it", "non-order"],
    }),
  );

  // 207 request for quotation (nl)
  cases.push(
    nonOrder(C.vandijk, {
      id: "207",
      subject: "Offerteaanvraag dozen",
      date: "Mon, 16 Nov 2026 13:30:00 +0100",
      text: "Goedemiddag,\n\nKunt u ons een offerte sturen voor de volgende artikelen?\n\n2.000 x PKG-3011 Cardboard Box 300x200x150\n500 x PKG-3013 Cardboard Box 600x400x400\n\nGraag ontvangen wij uw prijsopgave voor vrijdag.\n\nMet vriendelijke groet,\nRuud van Dijk\n",
      notes: "Request for quotation in Dutch.",
      tags: ["rfq", "lang:nl", "non-order"],
    }),
  );

  // 208 order status inquiry (en) naming lines of an earlier order
  cases.push(
    nonOrder(C.acmeLog, {
      id: "208",
      subject: "Status of PO 55230?",
      date: "Tue, 17 Nov 2026 09:05:00 +0000",
      text: "Hi,\n\nCould you give us an update on the status of our PO 55230? We are still waiting for\n\n40 x ELC-2103 Cable CAT6 3m\n10 x ELC-2201 Patch Panel 24 Port CAT6\n\nWhen can we expect delivery?\n\nThanks,\nTom Hughes\n",
      notes: "Order status inquiry, not a new order.",
      tags: ["status-inquiry", "lang:en", "non-order"],
    }),
  );

  // 209 forecast (de)
  cases.push(
    nonOrder(C.acme, {
      id: "209",
      subject: "Bedarfsvorschau Q1 2027",
      date: "Tue, 17 Nov 2026 15:45:00 +0100",
      text: "Hallo zusammen,\n\nzu Ihrer Planung unsere unverbindliche Bedarfsvorschau für Q1 2027:\n\nJanuar: 200 Stk ELC-2401 Leitungsschutzschalter B16\nFebruar: 150 Stk ELC-2401 Leitungsschutzschalter B16\nMärz: 1000 m ELC-2501 Mantelleitung NYM-J 3x1,5\n\nDie Bestellungen folgen separat.\n\nGruß\nJana Keller\n",
      notes: "Forecast, not an order.",
      tags: ["forecast", "lang:de", "non-order"],
    }),
  );

  // 210 several items in one sentence, one of them not ours
  cases.push(
    order(C.brightline, {
      id: "210",
      subject: "Order for the Leeds fit-out",
      date: "Wed, 18 Nov 2026 16:10:00 +0000",
      text: "Hello,\n\nfor the Leeds fit-out please send 6 x FUR-1043, 6 x FUR-1102 and 2 x KLM-5521 as soon as you can.\nPO number is BOI-PO-8815.\n\nCheers,\nSarah\n",
      po: "BOI-PO-8815",
      orderDate: "2026-11-18",
      delivery: null,
      currency: "GBP",
      lines: [
        L("FUR-1043", "FUR-1043", 6, "Units", null),
        L("FUR-1102", "FUR-1102", 6, "Units", null),
        L(null, "KLM-5521", 2, "Units", null, "KLM-5521"),
      ],
      expect: "review",
      notes: "The third item names a product we do not carry: an unknown-product line, not dropped.",
      tags: ["body-text", "lang:en", "unknown-product"],
    }),
  );

  // 211 "PURCHASE ORDER" title over the address block (street number), no PO number stated
  {
    const lines = [
      L("ELC-2801", "LED Bulb E27 9W Warm White", 100, "Units", 3.4),
      L("ELC-2901", "LED Panel 60x60 36W", 12, "Units", 42),
    ];
    cases.push(
      order(C.moreauE, {
        id: "211",
        subject: "Commande luminaires",
        date: "Thu, 19 Nov 2026 08:30:00 +0100",
        text: `BON DE COMMANDE
152 avenue de la République
69003 Lyon

Bonjour,

merci de nous livrer :

100 x ELC-2801 Ampoule LED E27 9W blanc chaud à 3,40 €
12 x ELC-2901 Panneau LED 60x60 36W à 42,00 €

Cordialement,
Julien Moreau
Moreau Électricité SARL
`,
        po: null,
        orderDate: "2026-11-19",
        delivery: null,
        currency: "EUR",
        lines,
        notes: "The street number under the 'Bon de commande' title is not a PO number; none is stated.",
        tags: ["body-text", "lang:fr", "street-number"],
      }),
    );
  }

  // 212 ERP print (de) with position numbers and no amounts or total: nothing checks the quantities
  {
    const lines = [
      L("FUR-1042", "Schreibtisch Eiche 160", 3, "Units", 429),
      L("FUR-1101", "Bürostuhl ErgoPro schwarz", 3, "Units", 289),
    ];
    const rows: Array<Array<[number, string]>> = [
      [[40, "Steiner Büromöbel GmbH"]],
      [
        [40, "Bestellung Nr. SB-4410"],
        [340, "Wien, 20.11.2026"],
      ],
      [],
      [
        [40, "Pos."],
        [80, "Art.-Nr."],
        [150, "Bezeichnung"],
        [380, "Menge"],
        [440, "Einzelpreis"],
      ],
      [
        [40, "1"],
        [80, "FUR-1042"],
        [150, "Schreibtisch Eiche 160"],
        [380, "3"],
        [440, "429,00"],
      ],
      [
        [40, "2"],
        [80, "FUR-1101"],
        [150, "Bürostuhl ErgoPro schwarz"],
        [380, "3"],
        [440, "289,00"],
      ],
    ];
    cases.push(
      order(C.steiner, {
        id: "212",
        subject: "Bestellung SB-4410",
        date: "Fri, 20 Nov 2026 10:10:00 +0100",
        text: "Sehr geehrte Damen und Herren,\n\nanbei Bestellung SB-4410.\n\nA. Steiner\n",
        attachments: [{ filename: "SB-4410.pdf", contentType: "application/pdf", data: pdf([rows]) }],
        po: "SB-4410",
        orderDate: "2026-11-20",
        delivery: null,
        currency: "EUR",
        lines,
        notes: "Position numbers 1/2, no amounts: quantities are not corroborated (review is right).",
        tags: ["pdf", "lang:de", "position-numbers"],
      }),
    );
  }

  // 213 spreadsheet with a stock column beside the order quantity, amounts per line
  {
    const lines = [
      L("PKG-3101", "Stretchfolie 500mm x 300m", 36, "Units", 12.8),
      L("PKG-3701", "Europalette EPAL", 20, "Units", 14.5),
    ];
    const data = await xlsx([
      {
        name: "Bestellung",
        rows: [
          ["Bestellung", "VDV-26-1120"],
          ["Datum", "23.11.2026"],
          [null, null],
          ["Artikel", "Bezeichnung", "Lagerbestand", "Bestellmenge", "EP", "GP"],
          ["PKG-3101", "Stretchfolie 500mm x 300m", 4, 36, 12.8, 460.8],
          ["PKG-3701", "Europalette EPAL", 11, 20, 14.5, 290],
        ],
      },
    ]);
    cases.push(
      order(C.vandijk, {
        id: "213",
        subject: "Bestelling VDV-26-1120",
        date: "Mon, 23 Nov 2026 09:00:00 +0100",
        text: "Hello,\n\nattached our order VDV-26-1120.\n\nRegards,\nRuud van Dijk\n",
        attachments: [
          {
            filename: "VDV-26-1120.xlsx",
            contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            data,
          },
        ],
        po: "VDV-26-1120",
        orderDate: "2026-11-23",
        delivery: null,
        currency: "EUR",
        lines,
        notes: "A stock column (Lagerbestand) beside the order quantity.",
        tags: ["xlsx", "lang:de", "stock-column"],
      }),
    );
  }

  // 214 price per 1000 ("per M") in a text body with amounts
  {
    const lines = [
      L("PKG-3801", "Shipping Labels 100x150 Thermal Roll", 50, "Units", 8.9),
      L("PKG-3901", "Corner Protector 50x50x1000", 4000, "Units", 0.55),
    ];
    cases.push(
      order(C.greenfield, {
        id: "214",
        subject: "PO GP-21007",
        date: "Tue, 24 Nov 2026 12:00:00 -0500",
        text: `Hello,

PO GP-21007, please ship by 12/08/2026:

Item      Description                            Qty     Unit Price      Amount
PKG-3801  Shipping Labels 100x150 Thermal Roll    50     8.90 ea         445.00
PKG-3901  Corner Protector 50x50x1000           4,000    550.00 /M     2,200.00

Subtotal: 2,645.00

Mike
`,
        po: "GP-21007",
        orderDate: "2026-11-24",
        delivery: "2026-12-08",
        currency: "USD",
        lines,
        notes: "A price per thousand (/M) next to a price each.",
        tags: ["body-text", "lang:en", "price-unit"],
      }),
    );
  }

  // 215 CSV with a price-unit column (Preiseinheit)
  {
    const lines = [
      L("ELC-2601", "Feinsicherung 5x20 10A", 20, "Box of 10", 3.2),
      L("ELC-2103", "Patchkabel CAT6 3m", 100, "Units", 4.6),
    ];
    const csv = [
      "Bestellnummer;Position;Artikelnummer;Bezeichnung;Menge;Einheit;Preis;Preiseinheit;Gesamt",
      "NE-B-26-0522;1;ELC-2601;Feinsicherung 5x20 10A;20;VE;3,20;1;64,00",
      "NE-B-26-0522;2;ELC-2103;Patchkabel CAT6 3m;100;Stk;460,00;100;460,00",
    ].join("\r\n");
    cases.push(
      order(C.nordlicht, {
        id: "215",
        subject: "Bestellung NE-B-26-0522",
        date: "Wed, 25 Nov 2026 07:45:00 +0100",
        text: "Moin,\n\nBestellung NE-B-26-0522 als CSV anbei.\n\nHauke Petersen\n",
        attachments: [
          { filename: "NE-B-26-0522.csv", contentType: "text/csv", data: Buffer.from(csv, "latin1") },
        ],
        po: "NE-B-26-0522",
        orderDate: "2026-11-25",
        delivery: null,
        currency: "EUR",
        lines,
        notes: "CSV export with a Preiseinheit column (1 and 100).",
        tags: ["csv", "lang:de", "price-unit", "position-numbers"],
      }),
    );
  }

  // 216 French PDF with totals HT
  {
    const lines = [
      L("ING-4201", "Cacao en poudre 20-22 %", 25, "kg", 8.4),
      L("ING-4701", "Pâte de noisette 100 %", 10, "kg", 14.9),
      L("ING-4950", "Sirop de glucose DE40", 40, "kg", 1.7),
    ];
    const rows: Array<Array<[number, string]>> = [
      [[40, "Boulangerie Moreau SARL"]],
      [
        [40, "Bon de commande n° BM-26-0301"],
        [360, "Date : 26/11/2026"],
      ],
      [[40, "Livraison souhaitée : 02/12/2026"]],
      [],
      [
        [40, "Réf."],
        [110, "Désignation"],
        [300, "Qté"],
        [350, "PU HT"],
        [420, "Montant HT"],
      ],
      [
        [40, "ING-4201"],
        [110, "Cacao en poudre 20-22 %"],
        [300, "25"],
        [350, "8,40"],
        [420, "210,00"],
      ],
      [
        [40, "ING-4701"],
        [110, "Pâte de noisette 100 %"],
        [300, "10"],
        [350, "14,90"],
        [420, "149,00"],
      ],
      [
        [40, "ING-4950"],
        [110, "Sirop de glucose DE40"],
        [300, "40"],
        [350, "1,70"],
        [420, "68,00"],
      ],
      [],
      [
        [350, "Total HT"],
        [420, "427,00"],
      ],
    ];
    cases.push(
      order(C.moreau, {
        id: "216",
        subject: "Commande BM-26-0301",
        date: "Thu, 26 Nov 2026 06:20:00 +0100",
        text: "Bonjour,\n\nveuillez trouver ci-joint notre bon de commande.\n\nÉmilie Moreau\n",
        attachments: [{ filename: "BM-26-0301.pdf", contentType: "application/pdf", data: pdf([rows]) }],
        po: "BM-26-0301",
        orderDate: "2026-11-26",
        delivery: "2026-12-02",
        currency: "EUR",
        lines,
        total: 427,
        notes: "Plain French order PDF with line amounts and a total HT.",
        tags: ["pdf", "lang:fr"],
      }),
    );
  }

  // 217 request for quotation (es)
  cases.push(
    nonOrder(C.tecnolab, {
      id: "217",
      subject: "Consulta de precios material de laboratorio",
      date: "Fri, 27 Nov 2026 11:11:00 +0100",
      text: "Buenos días,\n\n¿Nos podrían indicar precio y plazo de entrega para las siguientes cantidades?\n\n- 10 cajas LAB-5101 puntas de pipeta 200 µl\n- 5 L LAB-5501 etanol 96 %\n\nQuedamos a la espera de su cotización.\n\nSaludos,\nMarta Puig\n",
      notes: "Price inquiry (request for quotation) in Spanish.",
      tags: ["rfq", "lang:es", "non-order"],
    }),
  );

  // 218 order status inquiry (fr)
  cases.push(
    nonOrder(C.durand, {
      id: "218",
      subject: "Où en est notre commande ?",
      date: "Fri, 27 Nov 2026 15:00:00 +0100",
      text: "Bonjour,\n\nPourriez-vous nous indiquer où en est notre commande n° LD-26-0877 ? Nous attendons toujours les 6 x LAB-5601 Solution tampon pH 7,00.\n\nMerci d'avance,\nClaire Lefèvre\n",
      notes: "Order status inquiry in French.",
      tags: ["status-inquiry", "lang:fr", "non-order"],
    }),
  );

  // 219 forecast (en)
  cases.push(
    nonOrder(C.brightline, {
      id: "219",
      subject: "Rolling forecast Dec-Feb",
      date: "Mon, 30 Nov 2026 10:00:00 +0000",
      text: "Hi,\n\nFor your planning, here is our non-binding forecast for the next three months:\n\nDecember: 20 x FUR-1101 Office Chair ErgoPro Black\nJanuary: 15 x FUR-1042 Desk Oak 160\nFebruary: 10 x FUR-1502 Whiteboard 180x90\n\nWe will send purchase orders nearer the time.\n\nSarah\n",
      notes: "Forecast, not an order.",
      tags: ["forecast", "lang:en", "non-order"],
    }),
  );

  // 220 Spanish body order with a text table and a total
  {
    const lines = [
      L("ING-4301", "Aceite de girasol refinado", 60, "L", 2.1),
      L("ING-4401", "Sal marina fina", 25, "kg", 0.95),
    ];
    cases.push(
      order(C.mercado, {
        id: "220",
        subject: "Pedido MC-26-4410",
        date: "Tue, 01 Dec 2026 09:30:00 +0100",
        text: `Buenos días:

Les hacemos el siguiente pedido nº MC-26-4410, entrega el 10/12/2026:

Código    Descripción                    Cantidad   Precio   Importe
ING-4301  Aceite de girasol refinado       60 L      2,10    126,00
ING-4401  Sal marina fina                  25 kg     0,95     23,75

Total neto: 149,75 EUR

Un saludo,
Javier Romero
`,
        po: "MC-26-4410",
        orderDate: "2026-12-01",
        delivery: "2026-12-10",
        currency: "EUR",
        lines,
        total: 149.75,
        notes: "Spanish text table with amounts and a net total.",
        tags: ["body-text", "lang:es", "ascii-table"],
      }),
    );
  }

  // 221 pre-printed form (PDF-like text): rows without quantities left empty, one line with a quantity
  {
    const lines = [L("LAB-5301", "Petri Dish 90 mm Sterile", 5, "Box of 10", 7.9)];
    cases.push(
      order(C.pinecrest, {
        id: "221",
        subject: "Lab supplies order form PCL-7790",
        date: "Wed, 02 Dec 2026 13:00:00 -0500",
        text: `Pinecrest Laboratories - standing order form
PO Number: PCL-7790

Item       Description                      Unit        Price     Qty
LAB-5101   Pipette Tips 200 ul              Box of 10   11.80
LAB-5102   Pipette Tips 1000 ul             Box of 10   13.20
LAB-5301   Petri Dish 90 mm Sterile         Box of 10    7.90       5
LAB-5401   Nitrile Gloves Size M            Each         6.90

Dana
`,
        po: "PCL-7790",
        orderDate: "2026-12-02",
        delivery: null,
        currency: "USD",
        lines,
        notes: "Order form listing several items; only one has a quantity.",
        tags: ["body-text", "lang:en", "order-form"],
      }),
    );
  }

  return cases;
}

writeCases(process.argv[2] ?? "/tmp/unseen", await buildCases());
