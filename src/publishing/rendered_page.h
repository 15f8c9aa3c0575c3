#pragma once

#include "exposition/gzip_join.h"
#include "exposition/text_format.h"

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace rds_exporter::publishing {

// Takes a page's text piece by piece.
using TextSink = std::function<void(std::string_view)>;

// Which formats scrapes lately asked for, and which of them as plain (uncompressed) text. Prometheus asks for
// OpenMetrics with gzip; curl, a browser or a benchmark without Accept-Encoding ask for the text format, plain.
// A page renders only the formats asked for within its last kKeepPages predecessors, and renders another one on its
// first scrape (so, after start-up, each format's first scrape renders it). Of those, it keeps the plain text of
// the formats asked for plain, and only the compressed form of the others (a tenth of the size), which the first
// plain scrape of such a page inflates once.
class PlainTextDemand {
 public:
  // With snapshots merged a few times a minute per loop, about five minutes of pages.
  static constexpr unsigned kKeepPages = 20;

  // A scrape asked for `format` as plain text.
  void asked(exposition::Format format);
  // A scrape asked for `format`, compressed or plain.
  void scraped(exposition::Format format);
  // A new page was published.
  void published();
  // Whether its plain text is wanted.
  bool wanted(exposition::Format format) const;
  // Whether it is wanted at all: rendered with every page, not on its first scrape.
  bool scraped_lately(exposition::Format format) const;

 private:
  // Pages published since the format's last plain scrape, and since its last scrape of any kind.
  std::array<std::atomic<unsigned>, exposition::kFormatCount> pages_since_{kKeepPages + 1, kKeepPages + 1};
  std::array<std::atomic<unsigned>, exposition::kFormatCount> pages_since_scrape_{kKeepPages + 1, kKeepPages + 1};
};

// One snapshot in the text exposition formats (Prometheus text and OpenMetrics), rendered and compressed once
// when the snapshot is published: every scrape until the next one serves these bytes, so scraping costs the same
// whatever the fleet's size. Shared, and immutable to its readers.
class RenderedPage {
 public:
  // The empty page.
  RenderedPage();
  // The page `render(format, sink)` writes in the Prometheus text format, then in OpenMetrics (without its # EOF,
  // which comes after the self-metrics), one after the other: each is compressed here. Its plain text is kept
  // where `demand` wants it (always without one): render returns it whole (sink null). Otherwise it goes to the
  // sink in pieces, compressed as they come, and is never whole in memory.
  using Writer = std::function<std::string(exposition::Format format, const TextSink* sink)>;
  RenderedPage(const Writer& render, std::shared_ptr<PlainTextDemand> demand = nullptr);
  // `previous` with the one format rendered anew, the same way; the other format's text is `previous`'s, shared.
  // A publisher that swaps this in before rendering the other format holds three of the four compressed texts at
  // once rather than all four. When `demand` says no scrape asked for the format lately, it is rendered on its
  // first scrape instead (`render` is kept for that, so it must own what it reads).
  RenderedPage(const RenderedPage& previous, exposition::Format format, const Writer& render,
               std::shared_ptr<PlainTextDemand> demand = nullptr);
  // A page of these two texts.
  RenderedPage(std::string text, std::string openmetrics, std::shared_ptr<PlainTextDemand> demand = nullptr);

  // The plain text, inflated on the first call when it was not kept; tells the demand that it was asked for.
  const std::string& text_of(exposition::Format format) const;
  // The text compressed once, so that a scrape can append the small, always-changing self-metrics and wrap both
  // into one gzip member without compressing the fleet again (see exposition/gzip_join.h).
  const exposition::DeflatedText& deflated_of(exposition::Format format) const;
  // Whether the plain text of `format` is held now (kept, or inflated by an earlier text_of).
  bool holds_text(exposition::Format format) const;
  // Whether `format` is rendered (or waits for its first scrape).
  bool rendered(exposition::Format format) const;

 private:
  struct Part {
    // Filled when the part is made, or (`pending`) on its first scrape.
    mutable exposition::DeflatedText deflated;
    mutable std::once_flag rendered;
    mutable Writer pending;
    mutable std::atomic<bool> has_deflated{true};
    mutable std::once_flag inflated;
    mutable std::string text;
    mutable std::atomic<bool> has_text{false};
  };
  // The part of `format`, rendered first if it waited for its first scrape.
  const Part& part(exposition::Format format) const;
  static std::shared_ptr<const Part> render_part(exposition::Format format, const Writer& render,
                                                 const PlainTextDemand* demand);
  static void fill(const Part& part, exposition::Format format, const Writer& render, const PlainTextDemand* demand);

  // Shared: a page rendered one format at a time takes the other's from the page before it.
  std::array<std::shared_ptr<const Part>, exposition::kFormatCount> parts_;
  std::shared_ptr<PlainTextDemand> demand_;
};

using RenderedPagePtr = std::shared_ptr<const RenderedPage>;

}  // namespace rds_exporter::publishing
