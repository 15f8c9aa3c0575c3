#pragma once

#include "exposition/gzip_join.h"
#include "exposition/text_format.h"

#include <memory>
#include <string>

namespace rds_exporter::publishing {

// One snapshot in the text exposition format, rendered once when the snapshot is published: every scrape until
// the next one serves these bytes, so scraping costs the same whatever the fleet's size.
struct RenderedPage {
  std::string text;
  // `text` compressed once, so that a scrape can append the small, always-changing self-metrics and wrap both
  // into one gzip member without compressing the fleet again (see exposition/gzip_join.h).
  exposition::DeflatedText deflated;
  // The same in OpenMetrics (without its # EOF, which comes after the self-metrics).
  std::string openmetrics;
  exposition::DeflatedText openmetrics_deflated;

  const std::string& text_of(exposition::Format format) const {
    return format == exposition::Format::openmetrics ? openmetrics : text;
  }
  const exposition::DeflatedText& deflated_of(exposition::Format format) const {
    return format == exposition::Format::openmetrics ? openmetrics_deflated : deflated;
  }
};

using RenderedPagePtr = std::shared_ptr<const RenderedPage>;

}  // namespace rds_exporter::publishing
