// IAM: roles, their trust and permission policies, and customer and AWS managed policies.
// Other services ask it whether a role exists, whom it trusts and which documents apply.
#pragma once

#include "services/service.hpp"

#include <boost/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace hpl::iam {

// The policy document as given, when IAM would accept it: a JSON object with a Statement
// whose every entry has Effect Allow or Deny. Throws MalformedPolicyDocument otherwise.
std::string checked_policy(std::string_view document);

struct Role {
  boost::json::object doc;            // the Role shape as GetRole returns it (policy URL-encoded)
  std::string trust_policy;           // decoded JSON
  std::vector<std::string> attached;  // managed policy ARNs, in attach order
  std::map<std::string, std::string> inline_policies;  // name -> decoded JSON
};

struct ManagedPolicyVersion {
  std::string id;  // "v1"
  std::string document;
  double created = 0;
};

struct Policy {
  boost::json::object doc;  // the Policy shape (AttachmentCount filled on read)
  std::vector<ManagedPolicyVersion> versions;
  bool aws_managed = false;
};

// An IAM user: its attached managed policies and inline policies.
struct User {
  boost::json::object doc;  // the User shape as GetUser returns it
  std::vector<std::string> attached;
  std::map<std::string, std::string> inline_policies;  // name -> decoded JSON
};

struct AccessKey {
  std::string id;  // AKIA...
  std::string secret;
  std::string user_name;
  std::string status;  // Active | Inactive
  double created = 0;
};

class Iam : public Service {
 public:
  explicit Iam(Emulator& emu) : Service(emu) {}

  std::string_view name() const override { return "iam"; }
  void register_operations(aws::OperationTable& table) override;
  void load() override;
  void reset() override;

  const Role* find_role(std::string_view role_name) const;
  const Role* find_role_by_arn(std::string_view arn) const;
  const Policy* find_policy(std::string_view arn) const;
  // Whether the role's trust policy lets `service` ("eks.amazonaws.com") assume it.
  static bool trusts_service(const Role& role, std::string_view service);
  // Every permission document that applies to the role: attached (default versions) and inline.
  std::vector<std::string> permission_documents(const Role& role) const;
  std::vector<std::string> permission_documents(const User& user) const;
  // Whether the role's trust policy lets the principal `arn` of `account` assume it.
  static bool trusts_principal(const Role& role, std::string_view arn, std::string_view account);

  const User* find_user(std::string_view user_name) const;
  const AccessKey* find_access_key(std::string_view id) const;

  // --- operations (roles.cpp, policies.cpp) ---
  boost::json::object create_role(aws::Call& call, boost::json::object& in);
  boost::json::object get_role(aws::Call& call, boost::json::object& in);
  boost::json::object list_roles(aws::Call& call, boost::json::object& in);
  boost::json::object delete_role(aws::Call& call, boost::json::object& in);
  boost::json::object update_assume_role_policy(aws::Call& call, boost::json::object& in);
  boost::json::object attach_role_policy(aws::Call& call, boost::json::object& in);
  boost::json::object detach_role_policy(aws::Call& call, boost::json::object& in);
  boost::json::object list_attached_role_policies(aws::Call& call, boost::json::object& in);
  boost::json::object put_role_policy(aws::Call& call, boost::json::object& in);
  boost::json::object get_role_policy(aws::Call& call, boost::json::object& in);
  boost::json::object delete_role_policy(aws::Call& call, boost::json::object& in);
  boost::json::object list_role_policies(aws::Call& call, boost::json::object& in);
  boost::json::object create_policy(aws::Call& call, boost::json::object& in);
  boost::json::object get_policy(aws::Call& call, boost::json::object& in);
  boost::json::object get_policy_version(aws::Call& call, boost::json::object& in);
  boost::json::object delete_policy(aws::Call& call, boost::json::object& in);
  // --- users and access keys (users.cpp, user_policies.cpp) ---
  boost::json::object create_user(aws::Call& call, boost::json::object& in);
  boost::json::object get_user(aws::Call& call, boost::json::object& in);
  boost::json::object list_users(aws::Call& call, boost::json::object& in);
  boost::json::object delete_user(aws::Call& call, boost::json::object& in);
  boost::json::object create_access_key(aws::Call& call, boost::json::object& in);
  boost::json::object list_access_keys(aws::Call& call, boost::json::object& in);
  boost::json::object delete_access_key(aws::Call& call, boost::json::object& in);
  boost::json::object update_access_key(aws::Call& call, boost::json::object& in);
  boost::json::object attach_user_policy(aws::Call& call, boost::json::object& in);
  boost::json::object detach_user_policy(aws::Call& call, boost::json::object& in);
  boost::json::object list_attached_user_policies(aws::Call& call, boost::json::object& in);
  boost::json::object put_user_policy(aws::Call& call, boost::json::object& in);
  boost::json::object get_user_policy(aws::Call& call, boost::json::object& in);
  boost::json::object delete_user_policy(aws::Call& call, boost::json::object& in);
  boost::json::object list_user_policies(aws::Call& call, boost::json::object& in);

 private:
  Role& role_or_throw(std::string_view role_name);
  Policy& policy_or_throw(std::string_view arn);
  void save_role(const Role& role);
  void save_policy(const Policy& policy);
  User& user_or_throw(std::string_view user_name);
  // The user an access-key operation acts on: the named one, else the calling user.
  User& key_owner(const aws::Call& call, const boost::json::object& in);
  void save_user(const User& user);
  void save_key(const AccessKey& key);
  std::vector<std::string> documents(
      const std::vector<std::string>& attached,
      const std::map<std::string, std::string>& inline_policies) const;
  // A role's or user's attached managed policies. attach() returns whether the list changed
  // and enforces IAM's default quota of 10 (`quota` names it: "PoliciesPerRole").
  bool attach(std::vector<std::string>& attached, const std::string& arn,
              std::string_view quota) const;
  static void detach(std::vector<std::string>& attached, const std::string& arn);
  boost::json::object attached_view(const std::vector<std::string>& attached,
                                    std::string_view path_prefix) const;
  void add_managed_policies();
  boost::json::object policy_view(const Policy& policy) const;
  int attachment_count(std::string_view arn) const;

  std::map<std::string, Role, std::less<>> roles_;       // by lower-cased name
  std::map<std::string, Policy, std::less<>> policies_;  // by ARN
  std::map<std::string, User, std::less<>> users_;       // by lower-cased name
  std::map<std::string, AccessKey, std::less<>> keys_;   // by access key id
};

// Lower-cases an IAM name: role and policy names are unique regardless of case.
std::string name_key(std::string_view name);

}  // namespace hpl::iam
