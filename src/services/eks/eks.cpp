#include "services/eks/eks.hpp"

#include "aws/arn.hpp"
#include "aws/encoding.hpp"
#include "catalog/kubernetes.hpp"
#include "services/common.hpp"
#include "services/ec2/ec2.hpp"
#include "services/eks/certificate.hpp"
#include "services/eks/errors.hpp"
#include "services/emulator.hpp"
#include "services/iam/iam.hpp"
#include "sim/durations.hpp"

#include <set>

namespace hpl::eks {

namespace json = boost::json;

static std::string key_of(std::string_view region, std::string_view name) {
  return std::string(region) + "/" + std::string(name);
}

std::string Cluster::name() const {
  return svc::str(doc, "name");
}

std::string Cluster::vpc_cni_version() const {
  if (auto it = addons.find("vpc-cni"); it != addons.end()) {
    return svc::str(it->second.doc, "addonVersion");
  }
  auto it = self_managed.find("vpc-cni");
  return it == self_managed.end() ? "" : it->second;
}

void Eks::register_operations(aws::OperationTable& t) {
  auto bind = [this](auto method) {
    return [this, method](aws::Call& c, json::object& in) { return (this->*method)(c, in); };
  };
  t["CreateCluster"] = bind(&Eks::create_cluster);
  t["DescribeCluster"] = bind(&Eks::describe_cluster);
  t["ListClusters"] = bind(&Eks::list_clusters);
  t["DeleteCluster"] = bind(&Eks::delete_cluster);
  t["CreateAddon"] = bind(&Eks::create_addon);
  t["DescribeAddon"] = bind(&Eks::describe_addon);
  t["ListAddons"] = bind(&Eks::list_addons);
  t["UpdateAddon"] = bind(&Eks::update_addon);
  t["DeleteAddon"] = bind(&Eks::delete_addon);
  t["DescribeAddonVersions"] = bind(&Eks::describe_addon_versions);
  t["UpdateClusterConfig"] = bind(&Eks::update_cluster_config);
  t["DescribeUpdate"] = bind(&Eks::describe_update);
  t["ListUpdates"] = bind(&Eks::list_updates);
}

void Eks::load() {
  clusters_.clear();
  for (auto& [key, value] : emu_.store().load("eks.cluster")) {
    auto& o = value.as_object();
    Cluster c{svc::str(o, "region"), o.at("doc").as_object(), svc::opt_int(o, "due").value_or(0)};
    for (const auto& [name, a] : o.at("addons").as_object()) {
      const auto& ao = a.as_object();
      c.addons[name] = {ao.at("doc").as_object(), svc::opt_int(ao, "due").value_or(0)};
    }
    for (const auto& [name, v] : o.at("selfManaged").as_object()) {
      c.self_managed[name] = std::string(v.as_string());
    }
    for (const auto& u : o.at("updates").as_array()) {
      const auto& uo = u.as_object();
      c.updates.push_back({uo.at("doc").as_object(), svc::opt_int(uo, "due").value_or(0),
                           svc::str(uo, "addon"), uo.at("change").as_object()});
    }
    clusters_[key] = std::move(c);
    schedule(clusters_[key]);
  }
}

void Eks::reset() {
  clusters_.clear();
}

void Eks::save(const Cluster& c) {
  json::object addons, self_managed;
  for (const auto& [name, a] : c.addons)
    addons[name] = json::object{{"doc", a.doc}, {"due", a.due}};
  for (const auto& [name, v] : c.self_managed) self_managed[name] = v;
  json::array updates;
  for (const auto& u : c.updates) {
    updates.push_back(
        json::object{{"doc", u.doc}, {"due", u.due}, {"addon", u.addon}, {"change", u.change}});
  }
  emu_.store().put("eks.cluster", key_of(c.region, c.name()),
                   json::object{{"region", c.region},
                                {"doc", c.doc},
                                {"due", c.due},
                                {"addons", std::move(addons)},
                                {"selfManaged", std::move(self_managed)},
                                {"updates", std::move(updates)}});
}

// Arms a wake-up for every pending transition of the cluster, its add-ons and its updates.
void Eks::schedule(const Cluster& c) {
  std::string key = key_of(c.region, c.name());
  auto arm = [&](std::int64_t due) { emu_.scheduler().at(due, [this, key] { advance(key); }); };
  std::string status = svc::str(c.doc, "status");
  if (status == "CREATING" || status == "DELETING") arm(c.due);
  for (const auto& [_, a] : c.addons) {
    std::string s = svc::str(a.doc, "status");
    if (s == "CREATING" || s == "UPDATING" || s == "DELETING") arm(a.due);
  }
  for (const auto& u : c.updates) {
    if (svc::str(u.doc, "status") == "InProgress") arm(u.due);
  }
}

// Moves everything of the cluster that is due: CREATING -> ACTIVE (endpoint, certificate and
// issuer appear), DELETING -> gone, add-ons to ACTIVE or gone, updates to Successful.
void Eks::advance(const std::string& key) {
  auto it = clusters_.find(key);
  if (it == clusters_.end()) return;
  Cluster& c = it->second;
  std::int64_t now = emu_.clock().now();
  std::string status = svc::str(c.doc, "status");
  if (status == "DELETING" && now >= c.due) {
    const auto& vpc = c.doc.at("resourcesVpcConfig").as_object();
    emu_.ec2().delete_service_group(c.region, svc::str(vpc, "clusterSecurityGroupId"));
    emu_.store().erase("eks.cluster", key);
    clusters_.erase(it);
    return;
  }
  if (status == "CREATING" && now >= c.due) {
    auto& ids = emu_.ids();
    std::string id = ids.hex(32, true);
    c.doc["status"] = "ACTIVE";
    c.doc["endpoint"] = "https://" + id + ".gr7." + c.region + ".eks.amazonaws.com";
    c.doc["certificateAuthority"] =
        json::object{{"data", ca_certificate_data(ids.hex(64), now / 1000)}};
    c.doc["identity"] = json::object{
        {"oidc",
         json::object{{"issuer", "https://oidc.eks." + c.region + ".amazonaws.com/id/" + id}}}};
  }
  for (auto a = c.addons.begin(); a != c.addons.end();) {
    std::string s = svc::str(a->second.doc, "status");
    bool due = now >= a->second.due;
    if (due && s == "DELETING") {
      a = c.addons.erase(a);
      continue;
    }
    if (due && (s == "CREATING" || s == "UPDATING") && svc::str(c.doc, "status") != "CREATING") {
      a->second.doc["status"] = "ACTIVE";
      a->second.doc["modifiedAt"] = aws::epoch_seconds(a->second.due);
    }
    ++a;
  }
  for (auto& u : c.updates) {
    if (svc::str(u.doc, "status") == "InProgress" && now >= u.due) finish_update(c, u);
  }
  save(c);
}

const Cluster* Eks::find_cluster(std::string_view region, std::string_view cluster_name) const {
  auto it = clusters_.find(key_of(region, cluster_name));
  return it == clusters_.end() ? nullptr : &it->second;
}

const Cluster* Eks::find_cluster_by_arn(std::string_view arn) const {
  auto parsed = aws::parse_arn(arn);
  if (!parsed || parsed->service != "eks" || parsed->resource.rfind("cluster/", 0) != 0) {
    return nullptr;
  }
  const Cluster* c = find_cluster(parsed->region, parsed->resource.substr(8));
  return c && svc::str(c->doc, "arn") == arn ? c : nullptr;
}

// Subnets in at least two zones of one VPC; security groups of that VPC.
void Eks::validate_vpc(aws::Call& call, const std::string& cluster_name, json::object& vpc) {
  auto& ec2 = emu_.ec2();
  auto subnet_ids = svc::strings(vpc, "subnetIds");
  std::set<std::string> zones, vpcs;
  for (const auto& id : subnet_ids) {
    const json::object* subnet = ec2.find_subnet(call.region, id);
    if (!subnet) {
      throw errors::invalid_parameter("The subnet ID '" + id +
                                          "' does not exist (Service: AmazonEC2; Status Code: 400; "
                                          "Error Code: InvalidSubnetID.NotFound; Request ID: " +
                                          call.request_id + ")",
                                      cluster_name);
    }
    zones.insert(svc::str(*subnet, "AvailabilityZone"));
    vpcs.insert(svc::str(*subnet, "VpcId"));
  }
  if (vpcs.size() > 1) {
    throw errors::invalid_parameter("Subnets specified must be in the same VPC", cluster_name);
  }
  if (zones.size() < 2) {
    throw errors::invalid_parameter("Subnets specified must be in at least two different AZs",
                                    cluster_name);
  }
  std::string vpc_id = *vpcs.begin();
  for (const auto& id : svc::strings(vpc, "securityGroupIds")) {
    const json::object* group = ec2.find_group(call.region, id);
    if (!group) {
      throw errors::invalid_parameter("The security group '" + id +
                                          "' does not exist (Service: AmazonEC2; Status Code: "
                                          "400; Error Code: InvalidGroup.NotFound; Request ID: " +
                                          call.request_id + ")",
                                      cluster_name);
    }
    if (svc::str(*group, "VpcId") != vpc_id) {
      throw errors::invalid_parameter("Security group " + id + " is not in VPC " + vpc_id,
                                      cluster_name);
    }
  }
  vpc["vpcId"] = vpc_id;
}

}  // namespace hpl::eks
