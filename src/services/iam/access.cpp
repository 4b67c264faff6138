#include "services/iam/access.hpp"

#include "aws/auth_errors.hpp"
#include "aws/encoding.hpp"
#include "aws/sigv4.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/iam/iam.hpp"
#include "services/iam/policy_eval.hpp"
#include "services/s3/s3.hpp"
#include "services/sagemaker/sagemaker.hpp"
#include "services/sts/sts.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdlib>

namespace hpl::iam {

namespace json = boost::json;
using aws::AuthFailure;
using aws::Principal;

// AWS accepts a signature dated up to 15 minutes either side of its own clock.
constexpr aws::EpochMs kMaxSkewMs = 15 * 60 * 1000;

static aws::EpochMs wall_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

static std::string amz_date(aws::EpochMs t) {
  std::string iso = aws::iso8601_seconds(t);  // 2015-08-30T12:36:00Z
  std::string out;
  for (char c : iso) {
    if (c != '-' && c != ':') out += c;
  }
  return out;
}

// The signing time must be near the server's; a presigned URL must not have expired.
static void check_time(std::string_view service, const aws::sigv4::Claim& claim) {
  aws::EpochMs now = wall_now();
  if (claim.presigned && service == "s3") {
    if (claim.expires_seconds > 7 * 24 * 3600) {
      throw aws::auth_error(service, AuthFailure::MalformedQuery,
                            "X-Amz-Expires must be less than a week (in seconds) that is; "
                            "604800");
    }
    if (now > claim.signed_at + claim.expires_seconds * 1000) {
      throw aws::auth_error(service, AuthFailure::PresignExpired)
          .with("X-Amz-Expires", std::to_string(claim.expires_seconds))
          .with("Expires", aws::iso8601_seconds(claim.signed_at + claim.expires_seconds * 1000))
          .with("ServerTime", aws::iso8601_seconds(now));
    }
    if (claim.signed_at - now <= kMaxSkewMs) return;
  }
  if (claim.signed_at < now - kMaxSkewMs) {
    throw aws::auth_error(service, AuthFailure::Skewed,
                          "Signature expired: " + claim.amz_date + " is now earlier than " +
                              amz_date(now - kMaxSkewMs) + " (" + amz_date(now) + " - 15 min.)")
        .with("RequestTime", claim.amz_date)
        .with("ServerTime", aws::iso8601_seconds(now));
  }
  if (claim.signed_at > now + kMaxSkewMs) {
    throw aws::auth_error(service, AuthFailure::Skewed,
                          "Signature not yet current: " + claim.amz_date + " is still later than " +
                              amz_date(now + kMaxSkewMs) + " (" + amz_date(now) + " + 15 min.)")
        .with("RequestTime", claim.amz_date)
        .with("ServerTime", aws::iso8601_seconds(now));
  }
}

// The caller a key belongs to, and its secret; throws for unknown keys and bad tokens.
static std::pair<Principal, std::string> find_key(Emulator& emu, std::string_view service,
                                                  const aws::sigv4::Claim& claim) {
  const std::string& id = claim.scope.access_key;
  const Config& config = emu.config();
  if (id == config.root_access_key_id) {
    Principal root;
    root.access_key = id;
    return {root, config.root_secret_access_key};
  }
  if (const AccessKey* key = emu.iam().find_access_key(id); key && key->status == "Active") {
    const User* user = emu.iam().find_user(key->user_name);
    if (user) {
      Principal p{Principal::Kind::User, svc::str(user->doc, "Arn"), svc::str(user->doc, "UserId"),
                  key->user_name, id};
      return {p, key->secret};
    }
  }
  if (const sts::Session* session = emu.sts().find_session(id)) {
    if (claim.session_token.empty() || claim.session_token != session->token) {
      throw aws::auth_error(service, AuthFailure::BadToken);
    }
    if (wall_now() > session->expires_wall) {
      throw aws::auth_error(service, AuthFailure::ExpiredToken);
    }
    return {session->principal, session->secret};
  }
  throw aws::auth_error(service, AuthFailure::UnknownKey, id);
}

// S3 signs the payload's hash as a header; a hash that is not the body's is refused.
static void check_content_hash(const aws::HttpRequest& request) {
  const std::string* sent = request.header("X-Amz-Content-Sha256");
  if (!sent || sent->size() != 64 ||
      sent->find_first_not_of("0123456789abcdef") != std::string::npos) {
    return;  // UNSIGNED-PAYLOAD, STREAMING-...: nothing to compare here
  }
  if (*sent != aws::sha256_hex(request.body)) {
    throw aws::auth_error("s3", AuthFailure::ContentMismatch);
  }
}

// S3's legacy query authentication (SigV2: AWSAccessKeyId, Expires, Signature), which boto3
// and the aws CLI still use for presigned URLs against a custom endpoint.
// TODO: SigV2 sub-resources (?versionId, ...) and x-amz-* headers in the string to sign.
static Principal authenticate_s3_v2_query(Emulator& emu, const aws::HttpRequest& request) {
  const std::string* key_id = request.query_param("AWSAccessKeyId");
  const std::string* signature = request.query_param("Signature");
  const std::string* expires = request.query_param("Expires");
  if (!signature || !expires || expires->empty() || expires->size() > 12 ||
      expires->find_first_not_of("0123456789") != std::string::npos) {
    throw aws::auth_error("s3", AuthFailure::MalformedQuery,
                          "query-string authentication requires the Signature, Expires and "
                          "AWSAccessKeyId parameters");
  }
  aws::EpochMs expires_ms = std::stoll(*expires) * 1000;
  if (wall_now() > expires_ms) {
    throw aws::auth_error("s3", AuthFailure::PresignExpired)
        .with("Expires", aws::iso8601_seconds(expires_ms))
        .with("ServerTime", aws::iso8601_seconds(wall_now()));
  }
  aws::sigv4::Claim claim;
  claim.scope.access_key = *key_id;
  if (const auto* token = request.query_param("x-amz-security-token")) {
    claim.session_token = *token;
  }
  auto [principal, secret] = find_key(emu, "s3", claim);
  auto header = [&](std::string_view name) {
    const std::string* v = request.header(name);
    return v ? *v : std::string();
  };
  std::string to_sign = request.method + "\n" + header("Content-MD5") + "\n" +
                        header("Content-Type") + "\n" + *expires + "\n" + request.raw_path;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(to_sign.data()), to_sign.size(), mac, &len);
  std::string expected = aws::base64_encode(std::string(reinterpret_cast<char*>(mac), len));
  if (expected.size() != signature->size() ||
      CRYPTO_memcmp(expected.data(), signature->data(), expected.size()) != 0) {
    throw aws::auth_error("s3", AuthFailure::BadSignature);
  }
  return principal;
}

Principal authenticate(Emulator& emu, const aws::HttpRequest& request, std::string_view service) {
  aws::sigv4::Parsed parsed = aws::sigv4::parse(request);
  bool s3 = service == "s3";
  if (s3 && parsed.form == aws::sigv4::Form::Unsigned &&
      request.has_query_param("AWSAccessKeyId")) {
    return authenticate_s3_v2_query(emu, request);
  }
  switch (parsed.form) {
    case aws::sigv4::Form::Unsigned:
      if (s3 && emu.config().auth == AuthMode::Iam) {
        Principal anonymous;
        anonymous.kind = Principal::Kind::Anonymous;
        return anonymous;
      }
      throw aws::auth_error(service, AuthFailure::Missing);
    case aws::sigv4::Form::Malformed:
      throw aws::auth_error(
          service,
          request.header("Authorization") ? AuthFailure::Malformed : AuthFailure::MalformedQuery,
          parsed.problem);
    case aws::sigv4::Form::Signed:
      break;
  }
  const aws::sigv4::Claim& claim = parsed.claim;
  check_time(service, claim);
  auto [principal, secret] = find_key(emu, service, claim);
  if (!aws::sigv4::verify(request, claim, secret, s3)) {
    throw aws::auth_error(service, AuthFailure::BadSignature);
  }
  if (s3) check_content_hash(request);
  return principal;
}

// ----- authorisation -------------------------------------------------------------------------

std::string action_name(std::string_view service, std::string_view operation) {
  if (service == "s3") {
    // S3's permissions are not named after every operation.
    if (operation == "HeadBucket" || operation == "ListObjectsV2") return "s3:ListBucket";
    if (operation == "ListBuckets") return "s3:ListAllMyBuckets";
    if (operation == "HeadObject") return "s3:GetObject";
    // TODO: CopyObject should also need s3:GetObject on the source object.
    if (operation == "CopyObject") return "s3:PutObject";
  }
  return std::string(service) + ":" + std::string(operation);
}

std::string resource_arn(const aws::Call& call, const json::object& in) {
  const std::string& acct = call.account_id;
  const std::string& region = call.region;
  if (call.service == "s3") {
    auto bucket = svc::opt_str(in, "Bucket");
    if (!bucket) return "*";
    auto key = svc::opt_str(in, "Key");
    return "arn:aws:s3:::" + *bucket + (key ? "/" + *key : "");
  }
  if (call.service == "iam") {
    if (auto role = svc::opt_str(in, "RoleName")) {
      if (const Role* r = call.emu.iam().find_role(*role)) return svc::str(r->doc, "Arn");
      return "arn:aws:iam::" + acct + ":role/" + *role;
    }
    if (auto user = svc::opt_str(in, "UserName")) {
      return "arn:aws:iam::" + acct + ":user/" + *user;
    }
    if (auto arn = svc::opt_str(in, "PolicyArn")) return *arn;
    if (auto name = svc::opt_str(in, "PolicyName")) {
      return "arn:aws:iam::" + acct + ":policy/" + *name;
    }
    if (call.caller.kind == Principal::Kind::User) return call.caller.arn;
    return "*";
  }
  if (call.service == "sts") {
    if (auto arn = svc::opt_str(in, "RoleArn")) return *arn;
    return "*";
  }
  if (call.service == "eks") {
    auto cluster = svc::opt_str(in, "clusterName");
    if (!cluster) cluster = svc::opt_str(in, "name");
    if (!cluster) return "*";
    std::string base = "arn:aws:eks:" + region + ":" + acct + ":";
    if (auto addon = svc::opt_str(in, "addonName")) {
      return base + "addon/" + *cluster + "/" + *addon;
    }
    return base + "cluster/" + *cluster;
  }
  if (call.service == "sagemaker") {
    if (auto arn = svc::opt_str(in, "ResourceArn")) return *arn;
    auto cluster = svc::opt_str(in, "ClusterName");
    if (!cluster) return "*";
    if (cluster->rfind("arn:", 0) == 0) return *cluster;
    // HyperPod cluster ARNs end in the cluster id; a name not (yet) known cannot be mapped.
    if (const auto* c = call.emu.sagemaker().find_cluster(region, *cluster)) return c->arn;
    // TODO: CreateCluster is authorised against the name, as the id does not exist yet.
    return "arn:aws:sagemaker:" + region + ":" + acct + ":cluster/" + *cluster;
  }
  if (call.service == "ec2") {
    std::string base = "arn:aws:ec2:" + region + ":" + acct + ":";
    if (auto id = svc::opt_str(in, "GroupId")) return base + "security-group/" + *id;
    if (auto id = svc::opt_str(in, "SubnetId")) return base + "subnet/" + *id;
    if (auto id = svc::opt_str(in, "VpcId")) return base + "vpc/" + *id;
    return "*";
  }
  return "*";
}

// What the bucket's policy says about the request; ImplicitDeny when it has none.
static Decision bucket_policy_decision(const aws::Call& call, const json::object& input,
                                       const RequestContext& request) {
  auto bucket_name = svc::opt_str(input, "Bucket");
  if (!bucket_name) return Decision::ImplicitDeny;
  const s3::Bucket* bucket = call.emu.s3().find_bucket(*bucket_name);
  if (!bucket || bucket->policy.empty()) return Decision::ImplicitDeny;
  std::vector<std::string> principals;
  const Principal& caller = call.caller;
  if (caller.kind != Principal::Kind::Anonymous) {
    principals = {call.account_id, "arn:aws:iam::" + call.account_id + ":root", caller.arn};
    auto role_arn = request.keys.find("aws:PrincipalArn");
    if (role_arn != request.keys.end()) principals.push_back(role_arn->second);
  }
  return evaluate_resource_policy(bucket->policy, request, principals);
}

void authorize(aws::Call& call, const json::object& input) {
  const Principal& caller = call.caller;
  if (caller.kind == Principal::Kind::Root) return;
  // Anyone signed in may ask who they are; AWS needs no permission, and a Deny cannot stop it.
  if (call.service == "sts" && call.operation == "GetCallerIdentity") return;
  RequestContext request;
  request.action = action_name(call.service, call.operation);
  request.resource = resource_arn(call, input);
  request.keys["aws:PrincipalAccount"] = call.account_id;
  request.keys["aws:SecureTransport"] = "false";
  request.keys["aws:RequestedRegion"] = call.region;
  std::vector<std::string> documents;
  if (caller.kind == Principal::Kind::User) {
    request.keys["aws:PrincipalArn"] = caller.arn;
    request.keys["aws:username"] = caller.name;
    request.keys["aws:userid"] = caller.user_id;
    request.keys["aws:PrincipalType"] = "User";
    if (const User* user = call.emu.iam().find_user(caller.name)) {
      documents = call.emu.iam().permission_documents(*user);
    }
  } else if (caller.kind == Principal::Kind::AssumedRole) {
    request.keys["aws:userid"] = caller.user_id;
    request.keys["aws:PrincipalType"] = "AssumedRole";
    if (const Role* role = call.emu.iam().find_role(caller.name)) {
      request.keys["aws:PrincipalArn"] = svc::str(role->doc, "Arn");
      documents = call.emu.iam().permission_documents(*role);
    }
  }
  Decision decision = evaluate(documents, request);
  std::string denied_by = "an identity-based policy";
  // Within one account a bucket policy can allow what identity policies do not; a Deny in
  // either wins.
  if (decision != Decision::ExplicitDeny && call.service == "s3") {
    Decision by_bucket = bucket_policy_decision(call, input, request);
    if (by_bucket == Decision::ExplicitDeny) denied_by = "a resource-based policy";
    if (by_bucket != Decision::ImplicitDeny) decision = by_bucket;
  }
  if (decision == Decision::Allow) return;
  if (caller.kind == Principal::Kind::Anonymous) {
    throw aws::access_denied(call.service, "Access Denied");
  }
  std::string why =
      decision == Decision::ExplicitDeny
          ? "with an explicit deny in " + denied_by
          : "because no identity-based policy allows the " + request.action + " action";
  throw aws::access_denied(call.service, "User: " + caller.arn +
                                             " is not authorized to perform: " + request.action +
                                             " on resource: " + request.resource + " " + why);
}

}  // namespace hpl::iam
