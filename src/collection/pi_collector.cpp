#include "collection/pi_collector.h"

#include "catalog/seed_metrics.h"
#include "collection/bounded_parallel.h"
#include "logging/log_setup.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <span>

namespace rds_exporter::collection {
namespace {

using std::chrono::system_clock;

constexpr std::chrono::seconds kPeriod{60};
// Five one-minute periods: AWS often leaves the newest one without a value, and a late one still has a point.
constexpr std::chrono::seconds kWindow{300};
constexpr std::string_view kStatistic = ".avg";

// A recipe's inputs' values by period end, newest last.
using Points = std::map<system_clock::time_point, double>;

struct Wanted {
  const catalog::SeedMetric* seed;
  const catalog::SeedRecipe* recipe;
};

// The seed metrics an instance's engine takes from Performance Insights (not those CloudWatch already has).
std::vector<Wanted> pi_metrics_for(const discovery::WatchedInstance& instance) {
  std::vector<Wanted> wanted;
  for (const catalog::SeedMetric& seed : catalog::seed_metrics()) {
    const catalog::SeedRecipe* recipe = catalog::recipe_for(seed, instance.family);
    if (!recipe || recipe->from_cloudwatch) continue;
    if ((recipe->conditions & ~instance.traits.conditions) != 0) continue;
    wanted.push_back({&seed, recipe});
  }
  return wanted;
}

// Every Performance Insights counter some recipe takes, sorted. Of an instance's listing (ListAvailableResourceMetrics
// names a hundred counters and more) only these are remembered, as views of the catalog's own texts: a copy of
// every listed name per instance was 0.7 MB at 1,000 instances.
const std::vector<std::string_view>& recipe_inputs() {
  static const std::vector<std::string_view> inputs = [] {
    std::vector<std::string_view> all;
    for (const catalog::SeedMetric& seed : catalog::seed_metrics()) {
      for (const catalog::SeedRecipe& recipe : seed.recipes) {
        if (recipe.from_cloudwatch) continue;
        for (const std::string_view input : std::span(recipe.inputs).first(recipe.input_count())) all.push_back(input);
      }
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
  }();
  return inputs;
}

std::optional<double> evaluate(catalog::Formula formula, double first, double second) {
  switch (formula) {
    case catalog::Formula::value:
      return first;
    case catalog::Formula::sum:
      return first + second;
    case catalog::Formula::hit_ratio:
      // No block read at all in the period: no ratio to speak of, rather than a made-up 100 %.
      if (first + second <= 0) return std::nullopt;
      return 100 * first / (first + second);
  }
  return std::nullopt;
}

// The newest period in which every input of `recipe` has a value, turned into a reading.
std::optional<Reading> reading_for(const Wanted& wanted, const std::unordered_map<std::string, Points>& points,
                                   const common::SharedText& identifier) {
  static const common::SharedText kAverage("Average");
  const catalog::SeedRecipe& recipe = *wanted.recipe;
  const auto first = points.find(std::string(recipe.inputs[0]));
  if (first == points.end()) return std::nullopt;
  const Points* second = nullptr;
  if (recipe.input_count() == 2) {
    const auto found = points.find(std::string(recipe.inputs[1]));
    if (found == points.end()) return std::nullopt;
    second = &found->second;
  }
  for (auto it = first->second.rbegin(); it != first->second.rend(); ++it) {
    double second_value = 0;
    if (second) {
      const auto match = second->find(it->first);
      if (match == second->end()) continue;
      second_value = match->second;
    }
    const auto value = evaluate(recipe.formula, it->second, second_value);
    if (!value) return std::nullopt;
    // PI stamps a period with its end (PeriodAlignment END_TIME); readings carry the start, as CloudWatch does.
    return Reading{.key = {.source_identifier = identifier,
                           .metric = &wanted.seed->spec,
                           .statistic = kAverage,
                           .scope = catalog::MetricScope::instance},
                   .timestamp = it->first - kPeriod,
                   .value = *value * recipe.scale};
  }
  return std::nullopt;
}

// Failures of one cycle, logged as one line however many instances they hit.
void log_failures(const PiCollectionResult& result, std::size_t instances) {
  if (result.errors.empty()) return;
  logging::logger("collection")
      ->warn(
          "Performance Insights: {} call(s) failed for {} instance(s) with it on; their seed metrics keep their "
          "last values until exporter.stale_after; first: {}",
          result.failed_calls, instances, result.errors.front().describe());
}

}  // namespace

PiCollector::PiCollector(const aws::PiClient& pi, PiCollectorOptions options) : pi_(pi), options_(options) {}

const std::vector<std::string_view>* PiCollector::available_counters(const discovery::WatchedInstance& instance,
                                                                     system_clock::time_point now,
                                                                     PiCollectionResult& result) {
  const std::string& resource_id = instance.db.resource_id;
  {
    const std::lock_guard lock(availability_mutex_);
    const auto cached = availability_.find(resource_id);
    if (cached != availability_.end() && now - cached->second.fetched < options_.availability_refresh) {
      return &cached->second.counters;
    }
  }
  auto listed = pi_.list_available_resource_metrics(resource_id);
  if (!listed) {
    ++result.failed_calls;
    result.errors.push_back(listed.error());
    return nullptr;
  }
  ++result.list_available_calls;
  Availability availability{{}, now};
  const auto& inputs = recipe_inputs();
  for (const auto& metric : *listed) {
    const auto input = std::lower_bound(inputs.begin(), inputs.end(), std::string_view(metric.metric));
    if (input != inputs.end() && *input == metric.metric) availability.counters.push_back(*input);
  }
  std::sort(availability.counters.begin(), availability.counters.end());
  availability.counters.erase(std::unique(availability.counters.begin(), availability.counters.end()),
                              availability.counters.end());
  availability.counters.shrink_to_fit();
  const std::lock_guard lock(availability_mutex_);
  // std::unordered_map keeps element addresses stable across inserts; entries are only ever replaced in place.
  auto& entry = availability_[resource_id];
  entry = std::move(availability);
  return &entry.counters;
}

PiCollectionResult PiCollector::collect(const discovery::Inventory& inventory, system_clock::time_point now) {
  struct Job {
    const discovery::WatchedInstance* instance;
    std::vector<Wanted> wanted;
  };
  PiCollectionResult total;
  std::vector<Job> jobs;
  for (const auto& instance : inventory.instances) {
    std::vector<Wanted> wanted = pi_metrics_for(instance);
    if (wanted.empty()) continue;
    if (!instance.db.performance_insights_enabled || instance.db.resource_id.empty()) {
      ++total.instances_with_pi_off;
      continue;
    }
    jobs.push_back({&instance, std::move(wanted)});
  }

  const auto end = std::chrono::floor<std::chrono::minutes>(now);
  std::vector<PiCollectionResult> results(jobs.size());
  for_each_bounded(jobs.size(), options_.max_concurrent_calls, [&](std::size_t i) {
    const Job& job = jobs[i];
    PiCollectionResult& result = results[i];
    const auto* available = available_counters(*job.instance, now, result);
    if (!available) return;
    std::vector<Wanted> askable;
    std::vector<std::string> counters;
    for (const Wanted& wanted : job.wanted) {
      const auto inputs = std::span(wanted.recipe->inputs).first(wanted.recipe->input_count());
      const bool all_available = std::all_of(inputs.begin(), inputs.end(), [&](std::string_view input) {
        return std::binary_search(available->begin(), available->end(), input);
      });
      if (!all_available) continue;
      askable.push_back(wanted);
      for (const std::string_view input : inputs) {
        if (std::find(counters.begin(), counters.end(), input) == counters.end()) counters.emplace_back(input);
      }
    }

    std::unordered_map<std::string, Points> points;
    for (std::size_t first = 0; first < counters.size(); first += aws::kMaxPiMetricQueries) {
      aws::GetResourceMetricsInput input;
      input.identifier = job.instance->db.resource_id;
      input.start = end - kWindow;
      input.end = end;
      input.period_seconds = static_cast<int>(kPeriod.count());
      const std::size_t last = std::min(counters.size(), first + aws::kMaxPiMetricQueries);
      for (std::size_t c = first; c < last; ++c) input.metrics.push_back(counters[c] + std::string(kStatistic));
      auto answer = pi_.get_resource_metrics(input);
      if (!answer) {
        ++result.failed_calls;
        result.errors.push_back(answer.error());
        return;
      }
      ++result.get_resource_metrics_calls;
      for (const auto& metric : answer->metrics) {
        if (!metric.metric.ends_with(kStatistic)) continue;
        Points& series = points[metric.metric.substr(0, metric.metric.size() - kStatistic.size())];
        for (const auto& point : metric.points) {
          if (point.value) series[point.timestamp] = *point.value;
        }
      }
    }
    const common::SharedText identifier(job.instance->db.identifier);
    for (const Wanted& wanted : askable) {
      if (auto reading = reading_for(wanted, points, identifier)) {
        result.readings.push_back(std::move(*reading));
      }
    }
  });

  for (PiCollectionResult& result : results) {
    std::move(result.readings.begin(), result.readings.end(), std::back_inserter(total.readings));
    total.get_resource_metrics_calls += result.get_resource_metrics_calls;
    total.list_available_calls += result.list_available_calls;
    total.failed_calls += result.failed_calls;
    std::move(result.errors.begin(), result.errors.end(), std::back_inserter(total.errors));
  }
  log_failures(total, jobs.size());
  return total;
}

}  // namespace rds_exporter::collection
