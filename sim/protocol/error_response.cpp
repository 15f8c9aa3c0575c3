#include "sim/protocol/error_response.h"

#include "sim/protocol/xml_writer.h"

namespace rds_exporter::sim {

std::string error_response(const ApiError& error, std::string_view xml_namespace, std::string_view request_id) {
  XmlWriter xml(512);
  xml.open_root("ErrorResponse", xml_namespace);
  xml.open("Error");
  xml.text("Type", error.http_status >= 500 ? "Receiver" : "Sender");
  xml.text("Code", error.code);
  xml.text("Message", error.message);
  xml.close("Error");
  xml.text("RequestId", request_id);
  xml.close("ErrorResponse");
  return std::move(xml).finish();
}

}  // namespace rds_exporter::sim
