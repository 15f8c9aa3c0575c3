#pragma once

#include "common/shared_slot.h"
#include "publishing/metric_names.h"
#include "snapshot/metric_publisher.h"
#include "publishing/rendered_page.h"

#include <string>
#include <vector>

namespace rds_exporter::publishing {

struct PublisherOptions {
  // Tag keys copied onto every series of an instance (or cluster) as tag_<key> labels.
  std::vector<std::string> tag_labels;
  // Write CloudWatch's datapoint timestamps on samples (otherwise Prometheus stamps them at scrape time).
  bool export_timestamps = false;
  // exporter.naming: the fleet's family names, and the scale of their values (docs/metric-names.md).
  NamingScheme naming = NamingScheme::prototype;
};

// Renders each snapshot as Prometheus families: one per collected metric (and, in the prometheus naming scheme, per
// statistic), named by options.naming (metric_names.h; HELP names the CloudWatch metric, statistic and unit, and
// the conversion of the values when there is one), labels aws_account_id, region, db_instance_identifier, engine (cluster series:
// db_cluster_identifier instead of db_instance_identifier), tag labels, and rds_instance_info.
class PrometheusPublisher : public snapshot::MetricPublisher {
 public:
  explicit PrometheusPublisher(PublisherOptions options);

  // Renders every scope's snapshot into one page in each format that scrapes lately asked for (the others on their
  // first scrape) and compresses them, then swaps them in for page(). The plain texts are kept only for the formats
  // that scrapes lately asked for uncompressed (PlainTextDemand).
  void publish(const std::vector<snapshot::SnapshotPtr>& scopes) override;

  // The page of the newest snapshot; an empty page before the first. Safe to call from any thread.
  RenderedPagePtr page() const;

 private:
  PublisherOptions options_;
  std::shared_ptr<PlainTextDemand> demand_;
  common::SharedSlot<const RenderedPage> page_;
};

// The families of one snapshot, in a stable order: rds_instance_info, then one family per metric by name, each
// family's samples ordered by their labels. Readings of an instance or cluster the inventory lacks are left out.
std::string render_snapshot(const snapshot::Snapshot& snapshot, const PublisherOptions& options,
                            exposition::Format format = exposition::Format::text);

// Several scopes' snapshots as one page: each family once, its samples scope by scope in the order given, then
// in label order; null snapshots are skipped. Given `sink`, the page goes to it in pieces of about 64 KiB and
// the string returned is empty.
std::string render_snapshots(const std::vector<snapshot::SnapshotPtr>& scopes, const PublisherOptions& options,
                             exposition::Format format = exposition::Format::text, const TextSink* sink = nullptr);

}  // namespace rds_exporter::publishing
