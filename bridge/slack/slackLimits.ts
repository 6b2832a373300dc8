/**
 * Slack's documented Block Kit limits (docs.slack.dev, "Blocks" and "Block elements" references) that
 * the approval message must stay within. A message over any of them is refused by chat.postMessage
 * (`invalid_blocks`), so the builder truncates and `checkSlackLimits` proves it in tests.
 */
export const slackLimits = {
  blocksPerMessage: 50,
  messageText: 40_000,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  staticSelectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholderText: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

type Json = Record<string, unknown>;
const textOf = (t: unknown): string => (t && typeof t === "object" ? String((t as Json).text ?? "") : "");

/** Every limit the message breaks, one line each; empty when Slack would accept it. */
export function checkSlackLimits(message: { text?: string; blocks: Json[] }): string[] {
  const L = slackLimits;
  const out: string[] = [];
  const over = (what: string, len: number, max: number) => {
    if (len > max) out.push(`${what}: ${len} > ${max}`);
  };
  over("blocks", message.blocks.length, L.blocksPerMessage);
  over("text", (message.text ?? "").length, L.messageText);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  const element = (where: string, e: Json) => {
    if (typeof e.action_id === "string") {
      over(`${where}.action_id`, e.action_id.length, L.actionId);
      if (actionIds.has(e.action_id)) out.push(`${where}.action_id ${e.action_id} is not unique`);
      actionIds.add(e.action_id);
    }
    if (e.type === "button") {
      over(`${where}.text`, textOf(e.text).length, L.buttonText);
      if (typeof e.value === "string") over(`${where}.value`, e.value.length, L.buttonValue);
      if (typeof e.url === "string") over(`${where}.url`, e.url.length, L.buttonUrl);
    }
    if (e.type === "static_select") {
      const options = (e.options as Json[] | undefined) ?? [];
      over(`${where}.options`, options.length, L.staticSelectOptions);
      if (options.length === 0) out.push(`${where}.options is empty`);
      over(`${where}.placeholder`, textOf(e.placeholder).length, L.placeholderText);
      for (const [i, o] of options.entries()) {
        over(`${where}.options[${i}].text`, textOf(o.text).length, L.optionText);
        over(`${where}.options[${i}].value`, String(o.value ?? "").length, L.optionValue);
      }
      if (e.initial_option) {
        const v = (e.initial_option as Json).value;
        if (!options.some((o) => o.value === v)) out.push(`${where}.initial_option is not among the options`);
      }
    }
    const confirm = e.confirm as Json | undefined;
    if (confirm) {
      over(`${where}.confirm.title`, textOf(confirm.title).length, L.confirmTitle);
      over(`${where}.confirm.text`, textOf(confirm.text).length, L.confirmText);
      over(`${where}.confirm.confirm`, textOf(confirm.confirm).length, L.confirmButton);
      over(`${where}.confirm.deny`, textOf(confirm.deny).length, L.confirmButton);
    }
  };
  for (const [i, b] of message.blocks.entries()) {
    const where = `blocks[${i}]`;
    if (typeof b.block_id === "string") {
      over(`${where}.block_id`, b.block_id.length, L.blockId);
      if (blockIds.has(b.block_id)) out.push(`${where}.block_id ${b.block_id} is not unique`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case "header":
        over(`${where}.text`, textOf(b.text).length, L.headerText);
        break;
      case "section": {
        const fields = (b.fields as Json[] | undefined) ?? [];
        if (!b.text && fields.length === 0) out.push(`${where} has neither text nor fields`);
        if (b.text) over(`${where}.text`, textOf(b.text).length, L.sectionText);
        over(`${where}.fields`, fields.length, L.sectionFields);
        for (const [j, f] of fields.entries())
          over(`${where}.fields[${j}]`, textOf(f).length, L.sectionFieldText);
        if (b.accessory) element(`${where}.accessory`, b.accessory as Json);
        break;
      }
      case "context": {
        const els = (b.elements as Json[] | undefined) ?? [];
        over(`${where}.elements`, els.length, L.contextElements);
        for (const [j, e] of els.entries()) over(`${where}.elements[${j}]`, textOf(e).length, L.contextText);
        break;
      }
      case "actions": {
        const els = (b.elements as Json[] | undefined) ?? [];
        over(`${where}.elements`, els.length, L.actionsElements);
        for (const [j, e] of els.entries()) element(`${where}.elements[${j}]`, e);
        break;
      }
      case "divider":
        break;
      default:
        out.push(`${where}: block type ${String(b.type)} is not used by the approval message`);
    }
  }
  return out;
}
