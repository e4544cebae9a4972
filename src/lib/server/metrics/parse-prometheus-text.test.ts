import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Counter, Histogram, MAX_SERIES_PER_METRIC } from "./metrics-registry";
import { parsePrometheusText } from "./parse-prometheus-text";

describe("parsePrometheusText", () => {
  it("reads families, labels with escapes, histograms and special values", () => {
    const families = parsePrometheusText(
      [
        "# HELP a_total Things.",
        "# TYPE a_total counter",
        'a_total{x="1",y="q\\"uote\\\\slash\\nline"} 3',
        "# TYPE h histogram",
        'h_bucket{le="0.5"} 1',
        'h_bucket{le="+Inf"} 2',
        "h_sum 1.5e0",
        "h_count 2",
        "# TYPE g gauge",
        "g NaN 1700000000000",
        "",
      ].join("\n"),
    );
    assert.deepEqual(families.get("a_total")?.samples[0], { name: "a_total", labels: { x: "1", y: 'q"uote\\slash\nline' }, value: 3 });
    assert.equal(families.get("a_total")?.help, "Things.");
    assert.equal(families.get("h")?.samples.length, 4);
    assert.ok(Number.isNaN(families.get("g")?.samples[0]?.value));
  });

  it("rejects what a Prometheus server would reject", () => {
    const bad = [
      "a 1\n", // no TYPE
      "# TYPE a counter\n# TYPE a counter\n", // declared twice
      '# TYPE a counter\na{1x="v"} 1\n', // bad label name
      '# TYPE a counter\na{x="v} 1\n', // unterminated
      "# TYPE a counter\na one\n", // bad value
      "# TYPE a counter\na  1\n", // two spaces
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', // not cumulative
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', // no +Inf
      "# TYPE a counter\na 1", // no final newline
    ];
    for (const text of bad) assert.throws(() => parsePrometheusText(text), Error, JSON.stringify(text));
  });
});

describe("metrics registry", () => {
  it("caps label sets per metric, counting the rest under 'other'", () => {
    const counter = new Counter({ name: "c_total", help: "h", labelNames: ["model"] });
    for (let index = 0; index < MAX_SERIES_PER_METRIC + 50; index += 1) counter.inc({ model: `m${index}` });
    const lines: string[] = [];
    counter.render(lines);
    const family = parsePrometheusText(`${lines.join("\n")}\n`).get("c_total")!;
    assert.equal(family.samples.length, MAX_SERIES_PER_METRIC + 1);
    assert.equal(family.samples.find((sample) => sample.labels.model === "other")?.value, 50);
  });

  it("renders histograms that parse: cumulative buckets, +Inf equal to the count", () => {
    const histogram = new Histogram({ name: "d_seconds", help: "h", labelNames: ["p"] }, [0.1, 1]);
    for (const value of [0.05, 0.5, 2, 0.1]) histogram.observe({ p: "x" }, value);
    const lines: string[] = [];
    histogram.render(lines);
    const samples = parsePrometheusText(`${lines.join("\n")}\n`).get("d_seconds")!.samples;
    assert.deepEqual(samples.map((sample) => [sample.name, sample.labels.le ?? "", sample.value]), [
      ["d_seconds_bucket", "0.1", 2],
      ["d_seconds_bucket", "1", 3],
      ["d_seconds_bucket", "+Inf", 4],
      ["d_seconds_sum", "", 2.65],
      ["d_seconds_count", "", 4],
    ]);
  });
});
