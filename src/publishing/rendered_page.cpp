#include "publishing/rendered_page.h"

#include <utility>

namespace rds_exporter::publishing {

void PlainTextDemand::asked(exposition::Format format) {
  pages_since_[exposition::format_index(format)].store(0);
}

void PlainTextDemand::scraped(exposition::Format format) {
  pages_since_scrape_[exposition::format_index(format)].store(0);
}

void PlainTextDemand::published() {
  for (auto* counts : {&pages_since_, &pages_since_scrape_}) {
    for (auto& pages : *counts) {
      unsigned seen = pages.load();
      while (seen <= kKeepPages && !pages.compare_exchange_weak(seen, seen + 1)) {
      }
    }
  }
}

bool PlainTextDemand::wanted(exposition::Format format) const {
  return pages_since_[exposition::format_index(format)].load() <= kKeepPages;
}

bool PlainTextDemand::scraped_lately(exposition::Format format) const {
  return pages_since_scrape_[exposition::format_index(format)].load() <= kKeepPages;
}

RenderedPage::RenderedPage() : parts_{std::make_shared<const Part>(), std::make_shared<const Part>()} {}

RenderedPage::RenderedPage(const Writer& render, std::shared_ptr<PlainTextDemand> demand) : demand_(std::move(demand)) {
  for (const exposition::Format format : {exposition::Format::text, exposition::Format::openmetrics}) {
    parts_[exposition::format_index(format)] = render_part(format, render, demand_.get());
  }
}

RenderedPage::RenderedPage(const RenderedPage& previous, exposition::Format format, const Writer& render,
                           std::shared_ptr<PlainTextDemand> demand)
    : parts_(previous.parts_), demand_(std::move(demand)) {
  if (demand_ && !demand_->scraped_lately(format)) {
    auto part = std::make_shared<Part>();
    part->pending = render;
    part->has_deflated = false;
    parts_[exposition::format_index(format)] = std::move(part);
    return;
  }
  parts_[exposition::format_index(format)] = render_part(format, render, demand_.get());
}

std::shared_ptr<const RenderedPage::Part> RenderedPage::render_part(exposition::Format format, const Writer& render,
                                                                   const PlainTextDemand* demand) {
  auto part = std::make_shared<Part>();
  fill(*part, format, render, demand);
  return part;
}

void RenderedPage::fill(const Part& part, exposition::Format format, const Writer& render,
                        const PlainTextDemand* demand) {
  if (!demand || demand->wanted(format)) {
    part.text = render(format, nullptr);
    part.deflated = exposition::deflate_prefix(part.text);
    part.has_text = true;
    return;
  }
  exposition::PrefixDeflater deflater;
  const TextSink sink = [&deflater](std::string_view piece) { deflater.add(piece); };
  deflater.add(render(format, &sink));
  part.deflated = deflater.finish();
  if (part.deflated.size == 0) part.has_text = true;
}

const RenderedPage::Part& RenderedPage::part(exposition::Format format) const {
  const Part& wanted = *parts_[exposition::format_index(format)];
  if (!wanted.has_deflated.load()) {
    // Its first scrape: rendered now, once, whoever asks at the same time waiting for it. A throw leaves it to be
    // tried again by the next scrape.
    std::call_once(wanted.rendered, [&] {
      fill(wanted, format, wanted.pending, demand_.get());
      wanted.pending = nullptr;
      wanted.has_deflated = true;
    });
  }
  return wanted;
}

RenderedPage::RenderedPage(std::string text, std::string openmetrics, std::shared_ptr<PlainTextDemand> demand)
    : RenderedPage(
          [&](exposition::Format format, const TextSink* sink) {
            std::string& whole = format == exposition::Format::openmetrics ? openmetrics : text;
            if (!sink) return std::move(whole);
            (*sink)(whole);
            return std::string();
          },
          std::move(demand)) {}

const std::string& RenderedPage::text_of(exposition::Format format) const {
  if (demand_) {
    demand_->asked(format);
    demand_->scraped(format);
  }
  const Part& wanted = part(format);
  if (!wanted.has_text.load()) {
    std::call_once(wanted.inflated, [&wanted] {
      wanted.text = exposition::inflate_prefix(wanted.deflated);
      wanted.has_text = true;
    });
  }
  return wanted.text;
}

const exposition::DeflatedText& RenderedPage::deflated_of(exposition::Format format) const {
  if (demand_) demand_->scraped(format);
  return part(format).deflated;
}

bool RenderedPage::holds_text(exposition::Format format) const {
  return parts_[exposition::format_index(format)]->has_text.load();
}

bool RenderedPage::rendered(exposition::Format format) const {
  return parts_[exposition::format_index(format)]->has_deflated.load();
}

}  // namespace rds_exporter::publishing
