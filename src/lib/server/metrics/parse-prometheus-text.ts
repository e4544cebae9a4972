/**
 * A strict parser for the Prometheus text exposition format (0.0.4), used by the tests to prove `/metrics`
 * is valid: every sample line must parse, every sample must belong to a family declared by `# TYPE` before
 * it, a family is declared once, label names and values follow the grammar, and histogram buckets are
 * cumulative with a final `+Inf` bucket equal to `_count`. Throws with the line number on the first violation.
 */

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PrometheusFamily {
  name: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help: string | undefined;
  samples: PrometheusSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

export function parsePrometheusText(text: string): Map<string, PrometheusFamily> {
  const families = new Map<string, PrometheusFamily>();
  const helps = new Map<string, string>();
  if (text !== "" && !text.endsWith("\n")) throw new Error("the exposition must end with a newline");
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line === "") return;
    if (line.startsWith("#")) {
      const match = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (match === null) return; // a plain comment
      const [, keyword, name, rest] = match as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name ${name}`);
      if (keyword === "HELP") {
        if (helps.has(name)) throw new Error(`${where}: second HELP for ${name}`);
        helps.set(name, rest.replace(/\\n/g, "\n").replace(/\\\\/g, "\\"));
        return;
      }
      if (!TYPES.has(rest)) throw new Error(`${where}: unknown type ${rest}`);
      if (families.has(name)) throw new Error(`${where}: second TYPE for ${name}`);
      families.set(name, { name, type: rest as PrometheusFamily["type"], help: undefined, samples: [] });
      return;
    }
    const sample = parseSample(line, where);
    const family = familyOf(families, sample.name);
    if (family === undefined) throw new Error(`${where}: sample ${sample.name} has no TYPE declared before it`);
    family.samples.push(sample);
  });
  for (const family of families.values()) {
    family.help = helps.get(family.name);
    if (family.type === "histogram") checkHistogram(family);
  }
  return families;
}

function familyOf(families: Map<string, PrometheusFamily>, sampleName: string): PrometheusFamily | undefined {
  const direct = families.get(sampleName);
  if (direct !== undefined) return direct;
  const base = /^(.*)_(bucket|sum|count)$/.exec(sampleName)?.[1];
  const family = base === undefined ? undefined : families.get(base);
  return family?.type === "histogram" || family?.type === "summary" ? family : undefined;
}

function parseSample(line: string, where: string): PrometheusSample {
  const nameMatch = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (nameMatch === null) throw new Error(`${where}: bad sample line`);
  const name = nameMatch[1]!;
  let position = name.length;
  const labels: Record<string, string> = {};
  if (line[position] === "{") {
    position += 1;
    while (line[position] !== "}") {
      const labelMatch = /^([^=]+)="/.exec(line.slice(position));
      if (labelMatch === null || !LABEL_NAME.test(labelMatch[1]!)) throw new Error(`${where}: bad label`);
      position += labelMatch[0].length;
      let value = "";
      for (;;) {
        const char = line[position];
        if (char === undefined) throw new Error(`${where}: unterminated label value`);
        position += 1;
        if (char === '"') break;
        if (char === "\\") {
          const escaped = line[position];
          position += 1;
          if (escaped === "n") value += "\n";
          else if (escaped === "\\" || escaped === '"') value += escaped;
          else throw new Error(`${where}: bad escape in label value`);
        } else value += char;
      }
      if (Object.hasOwn(labels, labelMatch[1]!)) throw new Error(`${where}: label ${labelMatch[1]} twice`);
      labels[labelMatch[1]!] = value;
      if (line[position] === ",") position += 1;
      else if (line[position] !== "}") throw new Error(`${where}: expected , or } after a label`);
    }
    position += 1;
  }
  const rest = line.slice(position);
  const valueMatch = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (valueMatch === null) throw new Error(`${where}: expected one space, a value and an optional timestamp`);
  return { name, labels, value: parseValue(valueMatch[1]!, where) };
}

function parseValue(text: string, where: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return Number.NaN;
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: bad value ${text}`);
  return Number(text);
}

function checkHistogram(family: PrometheusFamily): void {
  const groups = new Map<string, { buckets: [number, number][]; count?: number; sum?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (sample.name === `${family.name}_bucket`) {
      if (le === undefined) throw new Error(`${family.name}: bucket without le`);
      group.buckets.push([parseValue(le, family.name), sample.value]);
    } else if (sample.name === `${family.name}_count`) group.count = sample.value;
    else if (sample.name === `${family.name}_sum`) group.sum = sample.value;
    else throw new Error(`${family.name}: unexpected sample ${sample.name}`);
  }
  for (const group of groups.values()) {
    const last = group.buckets.at(-1);
    if (last === undefined || last[0] !== Infinity) throw new Error(`${family.name}: no +Inf bucket`);
    for (let index = 1; index < group.buckets.length; index += 1) {
      if (group.buckets[index]![0] <= group.buckets[index - 1]![0]) throw new Error(`${family.name}: buckets not in ascending order`);
      if (group.buckets[index]![1] < group.buckets[index - 1]![1]) throw new Error(`${family.name}: buckets not cumulative`);
    }
    if (group.count !== last[1]) throw new Error(`${family.name}: _count differs from the +Inf bucket`);
    if (group.sum === undefined) throw new Error(`${family.name}: no _sum`);
  }
}
