// rds_sim: wires the simulator's parts together and nothing else.
#include "app/signal_waiter.h"
#include "sim/admin/admin_api.h"
#include "sim/app/command_line.h"
#include "sim/app/fleet_source.h"
#include "sim/cloudwatch/cloudwatch_service.h"
#include "sim/credentials/container_credentials_service.h"
#include "sim/credentials/instance_metadata_service.h"
#include "sim/credentials/sso_portal_service.h"
#include "sim/faults/fault_plan_yaml.h"
#include "sim/logs/logs_admin.h"
#include "sim/logs/logs_service.h"
#include "sim/organizations/organizations_service.h"
#include "sim/pi/pi_service.h"
#include "sim/rds/rds_service.h"
#include "sim/server/sim_server.h"
#include "sim/sts/sts_service.h"

#include <iostream>

using namespace rds_exporter::sim;

int main(int argc, char** argv) {
  // Before any thread starts, so that every thread inherits the blocked signals.
  const rds_exporter::app::SignalWaiter stop_signals;
  auto parsed = parse_command_line(argc, argv);
  if (const int* exit_code = std::get_if<int>(&parsed)) return *exit_code;
  const SimOptions& options = std::get<SimOptions>(parsed);

  auto loaded = fleet_from(options);
  if (const auto* problems = std::get_if<std::vector<std::string>>(&loaded)) {
    for (const auto& problem : *problems) std::cerr << "error: " << problem << "\n";
    return 2;
  }
  const auto fleet = std::make_shared<const Fleet>(std::get<Fleet>(std::move(loaded)));
  auto fault_plan = options.fleet_file ? load_fault_plan_file(*options.fleet_file) : FaultPlanOrProblems{FaultPlan{}};
  if (const auto* problems = std::get_if<std::vector<std::string>>(&fault_plan)) {
    for (const auto& problem : *problems) std::cerr << "error: " << problem << "\n";
    return 2;
  }
  FleetStore fleets(fleet);
  FaultInjector faults(options.seed, std::get<FaultPlan>(std::move(fault_plan)));

  // Two clocks (--time-scale): real time for whatever checks a caller's clock or a lifetime (signatures,
  // credentials, IMDS tokens), the data clock for whatever produces metric data (CloudWatch, Performance Insights,
  // Enhanced Monitoring's log events) and RDS events.
  const Clock clock = real_clock();
  const DataClock data_clock(clock, options.time_scale, options.time_backdate);
  cloudwatch::CloudWatchUsage cloudwatch_usage;
  CredentialStore issued_credentials(clock, options.credential_lifetime);
  ServiceRegistry services;
  services.add(std::make_unique<RdsService>(data_clock.clock()));
  auto cloudwatch_service = std::make_unique<cloudwatch::CloudWatchService>(data_clock.clock(), cloudwatch_usage);
  const cloudwatch::CloudWatchService& cloudwatch = *cloudwatch_service;
  services.add(std::move(cloudwatch_service));
  services.add(std::make_unique<StsService>(issued_credentials));
  const pi::PiService performance_insights(data_clock.clock());
  const organizations::OrganizationsService organizations;
  // Enhanced Monitoring's log streams run on the data clock too, from an hour before its start.
  logs::StreamStates log_streams;
  const auto data_origin = data_clock.start() - data_clock.backdate();
  const logs::LogsService cloudwatch_logs(logs::LogsContext{data_clock.clock(), data_origin, log_streams});
  const logs::LogsAdmin logs_admin(fleets, log_streams, data_clock.clock(), data_origin);
  RequestStats stats;
  RestEndpoints rest(stats, &faults);
  rest.add(std::make_unique<InstanceMetadataService>(fleet, issued_credentials, clock));
  rest.add(std::make_unique<ContainerCredentialsService>(fleet, issued_credentials));
  rest.add(std::make_unique<SsoPortalService>(fleet, issued_credentials));
  RequestIds request_ids(options.seed);
  const RequestAuthenticator authenticator(clock, &issued_credentials);
  const QueryEndpoint query_endpoint(fleets, services, authenticator, stats, request_ids, &faults);
  const JsonEndpoint json_endpoint(fleets, cloudwatch, authenticator, stats, request_ids, &faults,
                                   {&performance_insights, &organizations, &cloudwatch_logs});
  const ChangeApi changes(faults, fleets);
  ApsUsage aps_usage;
  const ApsEndpoint aps(fleets, authenticator, stats, aps_usage, request_ids);
  const AdminApi admin(fleets, stats, cloudwatch_usage, &issued_credentials, &changes, &aps_usage, &data_clock,
                       &logs_admin);
  SimServer server(query_endpoint, json_endpoint, admin, options.log_requests, &rest, &aps);
  if (const auto error = server.start(options.port)) {
    std::cerr << "error: " << *error << "\n";
    return 1;
  }
  // Tests read this first line to learn the port, so it goes out at once.
  std::cout << "rds_sim listening on http://127.0.0.1:" << server.port() << std::endl;
  std::cerr << "rds_sim: " << fleet->instances().size() << " instances, " << fleet->clusters().size() << " clusters, "
            << fleet->principals().size() << " principals in " << fleet->regions().size() << " region(s) from "
            << fleet->region() << ", " << fleet->accounts().size() << " account(s) from " << fleet->account_id();
  if (options.time_scale != 1) std::cerr << "; data time runs " << options.time_scale << " times faster than real time";
  if (options.time_backdate.count() != 0) std::cerr << ", from " << options.time_backdate.count() << " s ago";
  std::cerr << "\n";
  stop_signals.wait();
  server.stop();
  return 0;
}
