#include "publishing/prometheus_publisher.h"

#include "common/heap.h"
#include "exposition/gzip_join.h"
#include "exposition/names.h"
#include "exposition/text_escaping.h"
#include "publishing/metric_names.h"
#include "publishing/series_labels.h"

#include <algorithm>
#include <array>
#include <memory>
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace rds_exporter::publishing {
namespace {

using catalog::MetricScope;
using catalog::MetricSpec;
using collection::Reading;

constexpr std::string_view kInfoName = kInfoMetricName;
constexpr std::string_view kClusterInfoName = "rds_cluster_info";
constexpr std::string_view kClusterInfoHelp =
    "What DescribeDBClusters reports about each watched Aurora or Multi-AZ DB cluster, as labels; the value is "
    "always 1.";
constexpr std::string_view kInfoHelp =
    "What DescribeDBInstances reports about each watched RDS instance, as labels; the value is always 1.";

// The fleet's series are written straight into the page rather than built as exposition::MetricFamily objects,
// which at 100 000 series would cost several allocations each on every publish.
using exposition::append_escaped;
using exposition::append_value;

void append_family_header(std::string& out, std::string_view name, std::string_view help,
                          exposition::Format format) {
  exposition::append_header(out, name, help, exposition::MetricType::gauge, format);
}

std::string help_text(const MetricSpec& metric, std::string_view statistic, std::string_view conversion) {
  std::string help(metric.description);
  if (!metric.exposed_name.empty()) {
    // Enhanced Monitoring's document, already in base units (docs/enhanced-monitoring.md has each field).
    help += help.empty() ? "Enhanced Monitoring OS metric" : " (Enhanced Monitoring OS metric)";
    return help;
  }
  if (!help.empty()) help += " (";
  if (metric.origin.empty()) {
    help += "CloudWatch AWS/RDS ";
    help += metric.name;
    help += ", statistic ";
    help += statistic;
  } else {
    help += metric.origin;
  }
  help += ", unit ";
  help += metric.unit;
  if (!conversion.empty()) {
    help += ", ";
    help += conversion;
  }
  if (!metric.description.empty()) help += ')';
  return help;
}

struct Row {
  const Source* source;
  const Reading* reading;
};

// One rds_<metric> family; a metric both scopes publish (ServerlessDatabaseCapacity) has instance and cluster
// series in the same family.
struct Family {
  std::string name;
  std::string help;
  std::vector<Row> rows;
  // The help names a seed metric's origin, which wins over a CloudWatch metric's of the same name.
  bool seed_help = false;
  // Into the name's unit, applied as the page is written (the snapshot keeps CloudWatch's values).
  ValueScale scale;
};

// The readings are grouped in two passes: count() each, then add() each. Every family's rows are then sized
// once: grown by doubling, the rows of a quarter of a million series would hold up to twice their size.
class FamilyGrouper {
 public:
  FamilyGrouper(const Sources& sources, NamingScheme naming) : sources_(sources), naming_(naming) {}

  void count(const Reading& reading) {
    if (const Row row = row_of(reading); row.source != nullptr) {
      const std::size_t family = family_of(*reading.key.metric, reading.key.statistic);
      if (family != kNoFamily) ++counts_[family];
    }
  }

  void add(const Reading& reading) {
    if (const Row row = row_of(reading); row.source != nullptr) {
      const std::size_t family = family_of(*reading.key.metric, reading.key.statistic);
      if (family == kNoFamily) return;
      auto& rows = families_[family].rows;
      if (rows.capacity() == 0) rows.reserve(counts_[family]);
      rows.push_back(row);
    }
  }

  // The families by name, each with its rows in label order.
  std::vector<Family> take_sorted() {
    std::sort(families_.begin(), families_.end(), [](const Family& a, const Family& b) { return a.name < b.name; });
    for (auto& family : families_) {
      std::sort(family.rows.begin(), family.rows.end(), [](const Row& a, const Row& b) {
        if (a.source->rank != b.source->rank) return a.source->rank < b.source->rank;
        return std::less<const Reading*>()(a.reading, b.reading);
      });
    }
    return std::move(families_);
  }

 private:
  static constexpr std::size_t kNoFamily = static_cast<std::size_t>(-1);

  // The reading's row, with a null source when the page leaves it out.
  Row row_of(const Reading& reading) const {
    if (reading.key.metric == nullptr) return {nullptr, &reading};
    // merge_snapshot drops series of sources that left the inventory; one that slipped through has no labels.
    return {sources_.find(reading.key.scope, reading.key.source_identifier), &reading};
  }

  // A metric's statistics are few (usually one): a short list per metric beats hashing the statistic per reading.
  std::size_t family_of(const MetricSpec& metric, const std::string& statistic) {
    auto& known = family_of_metric_[&metric];
    for (const auto& [known_statistic, family] : known) {
      if (*known_statistic == statistic) return family;
    }
    const std::size_t family = family_for(metric, statistic);
    known.emplace_back(&statistic, family);
    return family;
  }

  std::size_t family_for(const MetricSpec& metric, std::string_view statistic) {
    std::optional<SeriesName> valid_name = series_metric_name(metric, statistic, naming_);
    if (!valid_name) return kNoFamily;
    std::string name = std::move(valid_name->name);
    const auto [found, inserted] = family_of_name_.try_emplace(name, families_.size());
    if (inserted) {
      families_.push_back({std::move(name), help_text(metric, statistic, valid_name->conversion), {},
                           !metric.origin.empty(), valid_name->scale});
      counts_.push_back(0);
    } else if (!metric.origin.empty()) {
      // A seed metric sharing its name with a CloudWatch metric of other engines (Aurora's Deadlocks) says where
      // every engine's value comes from.
      families_[found->second].help = help_text(metric, statistic, valid_name->conversion);
      families_[found->second].seed_help = true;
    }
    return found->second;
  }

  const Sources& sources_;
  const NamingScheme naming_;
  std::vector<Family> families_;
  // Each family's rows, as count() found them.
  std::vector<std::size_t> counts_;
  // Each metric's statistics seen so far (pointing into the readings, which outlive the grouper) and their family.
  std::unordered_map<const MetricSpec*, std::vector<std::pair<const std::string*, std::size_t>>> family_of_metric_;
  std::unordered_map<std::string, std::size_t> family_of_name_;
};

// Pieces of about this size go to a sink, so that a page of 5,000 instances (40 MB) is never whole in memory. The
// render holds one at a time beside both compressed pages (the one shown and the one written), at the peak of a
// 1,000-instance exporter's heap: 256 KiB pieces (a 512 KiB buffer) cost 0.4 MB more there than these, and zlib
// fed without a flush between pieces, compresses small ones as well as large.
constexpr std::size_t kPieceSize = 64 * 1024;

// The page as it is written. With a sink, the text goes to it whenever a line ends past kPieceSize, so that
// neither the page nor one of its families (rds_instance_info of 5,000 instances is 4 MB) is ever whole in memory.
class PageText {
 public:
  PageText(const TextSink* sink, std::size_t whole_size) : sink_(sink) {
    text_.reserve(sink ? 2 * kPieceSize : whole_size);
  }

  std::string& out() { return text_; }

  // A line ends here.
  void line_done() {
    if (sink_ && text_.size() >= kPieceSize) pass_on();
  }

  // The text not yet passed on: the whole page without a sink.
  std::string finish() {
    if (sink_) pass_on();
    return std::move(text_);
  }

 private:
  void pass_on() {
    (*sink_)(text_);
    text_.clear();
  }

  const TextSink* sink_;
  std::string text_;
};

// The info lines of one scope's instances; the family's header is the caller's.
void append_info_lines(PageText& page, const discovery::Inventory& inventory, const Sources& sources,
                       const ClusterTags& cluster_tags, std::span<const TagLabel> tag_labels) {
  std::string& out = page.out();
  for (const std::size_t index : sources.instance_order()) {
    const auto& instance = inventory.instances[index];
    const auto& db = instance.db;
    out += kInfoName;
    out += '{';
    LabelWriter labels(out);
    labels.add("aws_account_id", instance.account_id)
        .add("region", instance.region)
        .add("db_instance_identifier", db.identifier)
        .add("engine", db.engine)
        .add("engine_version", db.engine_version)
        .add("instance_class", db.instance_class)
        .add("availability_zone", db.availability_zone)
        .add("multi_az", db.multi_az ? "true" : "false")
        .add("storage_type", db.storage_type)
        .add("db_cluster_identifier", db.cluster_identifier ? std::string_view(*db.cluster_identifier) : "")
        .add("role", instance.role)
        .add("source_db_instance_identifier", db.read_replica_source ? std::string_view(*db.read_replica_source) : "")
        .add("performance_insights", db.performance_insights_enabled ? "true" : "false")
        .add("dbi_resource_id", db.resource_id)
        .add("ca_certificate_identifier", db.ca_certificate_identifier)
        .add("db_parameter_group", db.parameter_groups.empty() ? std::string_view() : db.parameter_groups[0].name)
        .add("deletion_protection", db.deletion_protection ? "true" : "false");
    add_tag_labels(labels, db.tags, cluster_tags.of(instance), tag_labels);
    out += "} 1\n";
    page.line_done();
  }
}

// rds_cluster_info: one line per Aurora or Multi-AZ DB cluster; the family's header is the caller's.
void append_cluster_info_lines(PageText& page, const discovery::Inventory& inventory,
                               std::span<const TagLabel> tag_labels) {
  std::string& out = page.out();
  std::vector<const discovery::WatchedCluster*> clusters;
  for (const auto* watched : {&inventory.clusters, &inventory.multi_az_clusters}) {
    for (const auto& cluster : *watched) clusters.push_back(&cluster);
  }
  std::sort(clusters.begin(), clusters.end(), [](const auto* a, const auto* b) {
    return a->db.identifier < b->db.identifier;
  });
  for (const auto* cluster : clusters) {
    const auto& db = cluster->db;
    out += kClusterInfoName;
    out += '{';
    LabelWriter labels(out);
    labels.add("aws_account_id", cluster->account_id)
        .add("region", cluster->region)
        .add("db_cluster_identifier", db.identifier)
        .add("engine", db.engine)
        .add("engine_version", db.engine_version)
        .add("db_cluster_resource_id", db.resource_id)
        .add("multi_az", db.multi_az ? "true" : "false")
        .add("db_cluster_parameter_group", db.parameter_group)
        .add("deletion_protection", db.deletion_protection ? "true" : "false");
    add_tag_labels(labels, db.tags, nullptr, tag_labels);
    out += "} 1\n";
    page.line_done();
  }
}

// A fact family of the RDS API inventory, with its rows from every scope.
struct FactRow {
  // Null for a series of the scope itself.
  const Source* source;
  const collection::FactSeries* series;
};
struct FactFamilyRows {
  const collection::FactFamily* family;
  std::vector<FactRow> rows;
};

void append_fact_family(PageText& page, const FactFamilyRows& family, exposition::Format format) {
  std::string& out = page.out();
  exposition::append_header(out, family.family->name, family.family->help,
                            family.family->counter ? exposition::MetricType::counter : exposition::MetricType::gauge,
                            format);
  for (const FactRow& row : family.rows) {
    out += family.family->name;
    out += '{';
    const bool has_source_labels = row.source && !row.source->labels.empty();
    if (has_source_labels) out += row.source->labels;
    LabelWriter labels(out, has_source_labels);
    for (const auto& [name, value] : row.series->labels) labels.add(name, value);
    out += "} ";
    append_value(out, row.series->value);
    out += '\n';
    page.line_done();
  }
}

std::size_t estimated_size(const discovery::Inventory& inventory, std::span<const Family> families) {
  constexpr std::size_t kInfoLine = 512;
  constexpr std::size_t kHeader = 256;
  constexpr std::size_t kValueAndTimestamp = 48;
  std::size_t size = inventory.instances.size() * kInfoLine;
  for (const auto& family : families) {
    size += kHeader + family.help.size();
    for (const auto& row : family.rows) size += family.name.size() + row.source->labels.size() + kValueAndTimestamp;
  }
  return size;
}

// One family of the page: the families of that name of every scope, in scope order. Their rows stay in the
// scopes' groupings rather than being copied into one list, which would hold every row of the fleet twice.
struct PageFamily {
  std::string_view name;
  std::string_view help;
  bool seed_help = false;
  ValueScale scale;
  std::vector<const Family*> scopes;
};

void append_family(PageText& page, const PageFamily& family, bool export_timestamps, exposition::Format format) {
  std::string& out = page.out();
  append_family_header(out, family.name, family.help, format);
  for (const Family* scope : family.scopes) {
    for (const auto& row : scope->rows) {
      out += family.name;
      out += '{';
      out += row.source->labels;
      if (!row.reading->key.labels.empty()) {
        LabelWriter labels(out, !row.source->labels.empty());
        for (const auto& [name, value] : row.reading->key.labels) labels.add(name, value);
      }
      out += "} ";
      append_value(out, family.scale.apply(row.reading->value));
      if (export_timestamps) {
        out += ' ';
        const auto since_epoch = row.reading->timestamp.time_since_epoch();
        exposition::append_timestamp(out, std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count(),
                                     format);
      }
      out += '\n';
      page.line_done();
    }
  }
}

}  // namespace

PrometheusPublisher::PrometheusPublisher(PublisherOptions options)
    : options_(std::move(options)),
      demand_(std::make_shared<PlainTextDemand>()),
      page_(std::make_shared<const RenderedPage>()) {}

void PrometheusPublisher::publish(const std::vector<snapshot::SnapshotPtr>& scopes) {
  // Owning what it reads: a format no scrape asked for lately keeps it until its first scrape.
  const RenderedPage::Writer render = [scopes, options = options_](exposition::Format format, const TextSink* sink) {
    return render_snapshots(scopes, options, format, sink);
  };
  // One format at a time, each served as soon as it is ready: the previous page's text-format part can go before
  // the OpenMetrics one is rendered, so that at most three of the four compressed texts (4 MB each at 5,000
  // instances) are held at once. A scrape meanwhile gets its format's newest text, as it would a moment later.
  // A format no scrape asked for lately comes first: its part only keeps the writer, and the previous page's part
  // of it, which may hold the previous snapshots for its own first scrape, goes before anything is rendered.
  std::array<exposition::Format, exposition::kFormatCount> order{exposition::Format::text,
                                                                 exposition::Format::openmetrics};
  std::stable_partition(order.begin(), order.end(),
                        [this](exposition::Format format) { return !demand_->scraped_lately(format); });
  for (const exposition::Format format : order) {
    auto page = std::make_shared<const RenderedPage>(*page_.load(), format, render, demand_);
    page_.store(std::move(page));
  }
  demand_->published();
  // The render's working memory (rows, labels, compression state) is freed in this thread's malloc arena: returned
  // to the system now, rather than kept there while the collection threads allocate in the other arena.
  common::release_free_heap();
}

RenderedPagePtr PrometheusPublisher::page() const { return page_.load(); }

namespace {

// One scope's part of the page, kept alive while the page is written (rows point into it).
struct ScopePart {
  const snapshot::Snapshot* snapshot = nullptr;
  const discovery::Inventory* inventory = nullptr;
  std::unique_ptr<ClusterTags> cluster_tags;
  std::unique_ptr<Sources> sources;
  std::vector<Family> families;
};

std::string render_parts(const std::vector<const snapshot::Snapshot*>& snapshots, const PublisherOptions& options,
                         exposition::Format format, const TextSink* sink) {
  const std::vector<TagLabel> tag_labels = tag_labels_of(options.tag_labels);
  std::vector<ScopePart> parts;
  parts.reserve(snapshots.size());
  for (const snapshot::Snapshot* snapshot : snapshots) {
    if (!snapshot || !snapshot->inventory) continue;
    ScopePart& part = parts.emplace_back();
    part.snapshot = snapshot;
    part.inventory = snapshot->inventory.get();
    part.cluster_tags = std::make_unique<ClusterTags>(*part.inventory);
    part.sources = std::make_unique<Sources>(*part.inventory, *part.cluster_tags, tag_labels);
    FamilyGrouper grouper(*part.sources, options.naming);
    for (const auto& reading : snapshot->readings) grouper.count(reading);
    for (const auto& reading : snapshot->readings) grouper.add(reading);
    part.families = grouper.take_sorted();
  }

  // Each family once, by name; its rows scope by scope, each scope's already in label order.
  std::vector<PageFamily> families;
  std::unordered_map<std::string_view, std::size_t> family_by_name;
  std::size_t size = 0;
  for (const ScopePart& part : parts) {
    size += estimated_size(*part.inventory, part.families);
    for (const Family& family : part.families) {
      const auto [found, inserted] = family_by_name.try_emplace(family.name, families.size());
      if (inserted) {
        families.push_back(PageFamily{family.name, family.help, family.seed_help, family.scale, {}});
      } else if (family.seed_help && !families[found->second].seed_help) {
        families[found->second].help = family.help;
        families[found->second].seed_help = true;
      }
      families[found->second].scopes.push_back(&family);
    }
  }
  std::sort(families.begin(), families.end(),
            [](const PageFamily& a, const PageFamily& b) { return a.name < b.name; });

  // The inventory's facts: each family once, its rows scope by scope; a name a collected metric already has, or
  // one of the info families, is left out rather than written twice.
  std::vector<FactFamilyRows> facts;
  {
    std::unordered_map<std::string_view, std::size_t> fact_by_name;
    for (const ScopePart& part : parts) {
      for (const auto& source_facts : part.snapshot->facts) {
        if (!source_facts) continue;
        for (const auto& family : source_facts->families) {
          if (family_by_name.contains(family.name) || family.name == kInfoName || family.name == kClusterInfoName) {
            continue;
          }
          const auto [found, inserted] = fact_by_name.try_emplace(family.name, facts.size());
          if (inserted) facts.push_back({&family, {}});
          auto& rows = facts[found->second].rows;
          const std::size_t first_row = rows.size();
          for (const auto& series : family.series) {
            const Source* source = nullptr;
            if (!series.source_identifier.empty()) {
              source = part.sources->find(series.scope, series.source_identifier);
              if (!source) continue;
            }
            rows.push_back({source, &series});
          }
          std::stable_sort(rows.begin() + static_cast<std::ptrdiff_t>(first_row), rows.end(),
                           [](const FactRow& a, const FactRow& b) {
                             const std::size_t a_rank = a.source ? a.source->rank + 1 : 0;
                             const std::size_t b_rank = b.source ? b.source->rank + 1 : 0;
                             return a_rank < b_rank;
                           });
          size += family.series.size() * 256;
        }
      }
    }
    std::erase_if(facts, [](const FactFamilyRows& family) { return family.rows.empty(); });
    std::sort(facts.begin(), facts.end(), [](const FactFamilyRows& a, const FactFamilyRows& b) {
      return a.family->name < b.family->name;
    });
  }

  PageText page(sink, size);
  const bool any_instance = std::any_of(parts.begin(), parts.end(),
                                        [](const ScopePart& part) { return !part.inventory->instances.empty(); });
  if (any_instance) {
    append_family_header(page.out(), kInfoName, kInfoHelp, format);
    for (const ScopePart& part : parts) {
      append_info_lines(page, *part.inventory, *part.sources, *part.cluster_tags, tag_labels);
    }
  }
  const bool any_cluster = std::any_of(parts.begin(), parts.end(), [](const ScopePart& part) {
    return !part.inventory->clusters.empty() || !part.inventory->multi_az_clusters.empty();
  });
  if (any_cluster) {
    append_family_header(page.out(), kClusterInfoName, kClusterInfoHelp, format);
    for (const ScopePart& part : parts) append_cluster_info_lines(page, *part.inventory, tag_labels);
  }
  // Collected and fact families interleaved by name.
  auto fact = facts.begin();
  for (const auto& family : families) {
    for (; fact != facts.end() && fact->family->name < family.name; ++fact) append_fact_family(page, *fact, format);
    append_family(page, family, options.export_timestamps, format);
  }
  for (; fact != facts.end(); ++fact) append_fact_family(page, *fact, format);
  return page.finish();
}

}  // namespace

std::string render_snapshot(const snapshot::Snapshot& snapshot, const PublisherOptions& options,
                            exposition::Format format) {
  return render_parts({&snapshot}, options, format, nullptr);
}

std::string render_snapshots(const std::vector<snapshot::SnapshotPtr>& scopes, const PublisherOptions& options,
                             exposition::Format format, const TextSink* sink) {
  std::vector<const snapshot::Snapshot*> snapshots;
  snapshots.reserve(scopes.size());
  for (const auto& scope : scopes) snapshots.push_back(scope.get());
  return render_parts(snapshots, options, format, sink);
}

}  // namespace rds_exporter::publishing
