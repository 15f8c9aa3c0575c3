// The values rds_sim documents for CloudWatch datapoints (sim/cloudwatch/metric_values.h) and Performance Insights
// counters (sim/README.md, "Performance Insights"), written afresh from the documentation rather than from the
// C++, so that a test compares the simulator with its documentation.
// 64-bit arithmetic is done with BigInt, masked to 64 bits as C++'s unsigned arithmetic wraps.

const MASK_64 = (1n << 64n) - 1n;
const SECONDS_PER_DAY = 86400;

function fnv1a64(text) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & MASK_64;
  }
  return hash;
}

function splitMix64(x) {
  x = (x + 0x9e3779b97f4a7c15n) & MASK_64;
  x = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  x = ((x ^ (x >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return x ^ (x >> 31n);
}

// u(k) in [0, 1): the top 53 bits, which a double holds exactly.
function uniform(key, k) {
  return Number(splitMix64((key + BigInt(k)) & MASK_64) >> 11n) * 2 ** -53;
}

// One metric of one instance or cluster. `metric` is its catalog entry (sim/cloudwatch/metric_catalog.cpp):
// { name, low, high, wholeNumbers, resolution }.
export class Series {
  constructor(sourceId, metric) {
    this.metric = metric;
    this.key = fnv1a64(`${sourceId}/${metric.name}`);
    this.level = 0.25 + 0.5 * uniform(this.key, 0);
    this.swing = 0.05 + 0.15 * uniform(this.key, 1);
    this.phase = uniform(this.key, 2);
  }

  // The sample published for [start, start + resolution), in seconds since the epoch.
  sample(start) {
    const { low, high, wholeNumbers, resolution } = this.metric;
    const wave = this.swing * Math.sin(2 * Math.PI * (start / SECONDS_PER_DAY + this.phase));
    const noise = 0.1 * (uniform(this.key, 3 + start / resolution) - 0.5);
    const f = Math.min(Math.max(this.level + wave + noise, 0), 1);
    const value = low + (high - low) * f;
    // Math.round rounds halves up, which for these non-negative values is away from zero as documented.
    return wholeNumbers ? Math.round(value) : value;
  }

  // The statistic of the datapoint [start, start + period), assuming every sample in it is visible (a window
  // that closed minutes ago, of a resource that publishes and existed then).
  datapoint(stat, start, period) {
    const samples = [];
    for (let s = start; s < start + period; s += this.metric.resolution) samples.push(this.sample(s));
    return statistic(stat, samples);
  }
}

function statistic(stat, samples) {
  const sum = samples.reduce((total, value) => total + value, 0);
  switch (stat) {
    case "SampleCount":
      return samples.length;
    case "Sum":
      return sum;
    case "Average":
      return sum / samples.length;
    case "Minimum":
      return Math.min(...samples);
    case "Maximum":
      return Math.max(...samples);
  }
  const percentile = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  if (!percentile) throw new Error(`no such statistic: ${stat}`);
  const rank = Math.ceil((Number(percentile[1]) / 100) * samples.length);
  return [...samples].sort((a, b) => a - b)[Math.max(rank, 1) - 1];
}

// Performance Insights' statistic suffixes and the CloudWatch statistics they compute alike.
const PI_STATISTICS = { avg: "Average", min: "Minimum", max: "Maximum", sum: "Sum", sample_count: "SampleCount" };

// One Performance Insights counter of one instance: CloudWatch's series keyed by the instance's DbiResourceId and
// the counter's name without statistic suffix, one sample a minute. `counter` is its catalog entry
// (sim/pi/counter_catalog.cpp): { name, low, high, wholeNumbers }.
export function piCounterSeries(resourceId, counter) {
  return new Series(resourceId, { ...counter, resolution: 60 });
}

// The value of "<counter>.<statistic>" ("avg", "min", "max", "sum", "sample_count") over [start, start + period),
// for a period that closed over a minute ago on an instance that was running then.
export function piValue(series, statistic, start, period) {
  const stat = PI_STATISTICS[statistic];
  if (!stat) throw new Error(`no such Performance Insights statistic: ${statistic}`);
  return series.datapoint(stat, start, period);
}
