#include "services/eks/eks.hpp"

#include "aws/arn.hpp"
#include "aws/encoding.hpp"
#include "catalog/kubernetes.hpp"
#include "services/common.hpp"
#include "services/ec2/ec2.hpp"
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

void Eks::register_operations(aws::OperationTable& t) {
  auto bind = [this](auto method) {
    return [this, method](aws::Call& c, json::object& in) { return (this->*method)(c, in); };
  };
  t["CreateCluster"] = bind(&Eks::create_cluster);
  t["DescribeCluster"] = bind(&Eks::describe_cluster);
  t["ListClusters"] = bind(&Eks::list_clusters);
  t["DeleteCluster"] = bind(&Eks::delete_cluster);
}

void Eks::load() {
  clusters_.clear();
  for (auto& [key, value] : emu_.store().load("eks.cluster")) {
    auto& o = value.as_object();
    Cluster c{svc::str(o, "region"), o.at("doc").as_object(), svc::opt_int(o, "due").value_or(0)};
    clusters_[key] = std::move(c);
    schedule(clusters_[key]);
  }
}

void Eks::reset() { clusters_.clear(); }

void Eks::save(const Cluster& c) {
  emu_.store().put("eks.cluster", key_of(c.region, svc::str(c.doc, "name")),
                   json::object{{"region", c.region}, {"doc", c.doc}, {"due", c.due}});
}

void Eks::schedule(const Cluster& c) {
  std::string status = svc::str(c.doc, "status");
  if (status != "CREATING" && status != "DELETING") return;
  std::string key = key_of(c.region, svc::str(c.doc, "name"));
  emu_.scheduler().at(c.due, [this, key] { advance(key); });
}

// A fake but well-formed PEM certificate; the same cluster always gets the same one.
// TODO: issue a real CA certificate (OpenSSL) once clusters serve a Kubernetes API.
static std::string certificate_data(aws::IdGenerator& ids) {
  std::string body;
  for (int i = 0; i < 16; ++i) body += ids.hex(64) + "\n";
  std::string pem = "-----BEGIN CERTIFICATE-----\n" + aws::base64_encode(body).substr(0, 1024) +
                    "\n-----END CERTIFICATE-----\n";
  return aws::base64_encode(pem);
}

// CREATING -> ACTIVE (endpoint, certificate and issuer appear); DELETING -> gone.
void Eks::advance(const std::string& key) {
  auto it = clusters_.find(key);
  if (it == clusters_.end()) return;
  Cluster& c = it->second;
  if (emu_.clock().now() < c.due) return;  // a newer transition replaced this one
  std::string status = svc::str(c.doc, "status");
  if (status == "CREATING") {
    auto& ids = emu_.ids();
    std::string id = ids.hex(32, true);
    c.doc["status"] = "ACTIVE";
    c.doc["endpoint"] = "https://" + id + ".gr7." + c.region + ".eks.amazonaws.com";
    c.doc["certificateAuthority"] = json::object{{"data", certificate_data(ids)}};
    c.doc["identity"] = json::object{
        {"oidc", json::object{{"issuer", "https://oidc.eks." + c.region +
                                             ".amazonaws.com/id/" + id}}}};
    c.due = 0;
    save(c);
  } else if (status == "DELETING") {
    const auto& vpc = c.doc.at("resourcesVpcConfig").as_object();
    emu_.ec2().delete_service_group(c.region, svc::str(vpc, "clusterSecurityGroupId"));
    emu_.store().erase("eks.cluster", key);
    clusters_.erase(it);
  }
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
      throw errors::invalid_parameter(
          "The subnet ID '" + id + "' does not exist (Service: AmazonEC2; Status Code: 400; "
          "Error Code: InvalidSubnetID.NotFound; Request ID: " + call.request_id + ")",
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
      throw errors::invalid_parameter(
          "The security group '" + id + "' does not exist (Service: AmazonEC2; Status Code: "
          "400; Error Code: InvalidGroup.NotFound; Request ID: " + call.request_id + ")",
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
