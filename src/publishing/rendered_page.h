#pragma once

#include "exposition/gzip_join.h"

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
};

using RenderedPagePtr = std::shared_ptr<const RenderedPage>;

}  // namespace rds_exporter::publishing
