"""The values rds_sim documents for CloudWatch datapoints (sim/cloudwatch/metric_values.h), written afresh from
that comment so that the Python contract tests compare the simulator with its documentation, not with itself."""

import math

MASK_64 = (1 << 64) - 1
SECONDS_PER_DAY = 86400

# Their entries in sim/cloudwatch/metric_catalog.cpp: range, whole numbers or not, seconds between samples.
CPU_UTILIZATION = {"name": "CPUUtilization", "low": 0, "high": 100, "whole_numbers": False, "resolution": 60}
DATABASE_CONNECTIONS = {"name": "DatabaseConnections", "low": 0, "high": 200, "whole_numbers": True, "resolution": 60}


def fnv1a64(text):
    value = 0xcbf29ce484222325
    for byte in text.encode():
        value = ((value ^ byte) * 0x100000001b3) & MASK_64
    return value


def split_mix64(x):
    x = (x + 0x9e3779b97f4a7c15) & MASK_64
    x = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & MASK_64
    x = ((x ^ (x >> 27)) * 0x94d049bb133111eb) & MASK_64
    return x ^ (x >> 31)


def uniform(key, k):
    """u(k) in [0, 1): the top 53 bits, which a double holds exactly."""
    return (split_mix64((key + k) & MASK_64) >> 11) * 2.0 ** -53


class Series:
    """One metric of one instance or cluster."""

    def __init__(self, source_id, metric):
        self.metric = metric
        self.key = fnv1a64(f"{source_id}/{metric['name']}")
        self.level = 0.25 + 0.5 * uniform(self.key, 0)
        self.swing = 0.05 + 0.15 * uniform(self.key, 1)
        self.phase = uniform(self.key, 2)

    def sample(self, start):
        m = self.metric
        wave = self.swing * math.sin(2 * math.pi * (start / SECONDS_PER_DAY + self.phase))
        noise = 0.1 * (uniform(self.key, 3 + start // m["resolution"]) - 0.5)
        f = min(max(self.level + wave + noise, 0.0), 1.0)
        value = m["low"] + (m["high"] - m["low"]) * f
        # Halves away from zero, as documented (Python's round() would round them to even).
        return math.floor(value + 0.5) if m["whole_numbers"] else value

    def datapoint(self, stat, start, period):
        """The statistic of [start, start + period), every sample in it being published."""
        samples = [self.sample(s) for s in range(start, start + period, self.metric["resolution"])]
        if stat == "SampleCount":
            return float(len(samples))
        if stat == "Sum":
            return sum(samples)
        if stat == "Average":
            return sum(samples) / len(samples)
        if stat == "Minimum":
            return min(samples)
        if stat == "Maximum":
            return max(samples)
        if stat.startswith("p"):
            rank = math.ceil(float(stat[1:]) / 100 * len(samples))
            return sorted(samples)[max(rank, 1) - 1]
        raise ValueError(f"no such statistic: {stat}")
