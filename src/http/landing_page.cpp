#include "http/landing_page.h"

namespace rds_exporter::http {
namespace {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string landing_page(std::string_view version) {
  return "<!DOCTYPE html>\n"
         "<html>\n"
         "<head><meta charset=\"utf-8\"><title>RDS Exporter</title></head>\n"
         "<body>\n"
         "<h1>RDS Exporter</h1>\n"
         "<p>Version " +
         escape_html(version) +
         "</p>\n"
         "<ul>\n"
         "<li><a href=\"/metrics\">Metrics</a></li>\n"
         "<li><a href=\"/health\">Health</a></li>\n"
         "<li><a href=\"/-/healthy\">Liveness</a> and <a href=\"/-/ready\">readiness</a></li>\n"
         "</ul>\n"
         "</body>\n"
         "</html>\n";
}

}  // namespace rds_exporter::http
