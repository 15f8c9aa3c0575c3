#include "sim/protocol/query_response.h"

namespace rds_exporter::sim {

std::string query_response(std::string_view operation, std::string_view xml_namespace, std::string_view request_id,
                           const std::function<void(XmlWriter&)>& write_result, std::size_t expected_size) {
  const std::string response = std::string(operation) + "Response";
  const std::string result = std::string(operation) + "Result";
  XmlWriter xml(expected_size);
  xml.open_root(response, xml_namespace);
  xml.open(result);
  write_result(xml);
  xml.close(result);
  xml.open("ResponseMetadata");
  xml.text("RequestId", request_id);
  xml.close("ResponseMetadata");
  xml.close(response);
  return std::move(xml).finish();
}

}  // namespace rds_exporter::sim
