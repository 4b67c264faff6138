// The HyperPod EKS deployment flow through the AWS SDK for JavaScript v3.
//
// Run against a server started with `--clock instant`:
//   HPL_ENDPOINT=http://127.0.0.1:PORT node --test sdk_flow.test.mjs
// Unlike boto3, the JS SDK validates no constraints locally, so every field
// here reaches the emulator as written.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateClusterCommand as CreateEksClusterCommand, EKSClient, waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import {
  CreateClusterCommand, DescribeClusterCommand, SageMakerClient, paginateListClusterNodes,
} from '@aws-sdk/client-sagemaker';

const endpoint = process.env.HPL_ENDPOINT;
const region = 'us-west-2';
const AZS = ['us-west-2a', 'us-west-2b', 'us-west-2c', 'us-west-2d'];
const suffix = randomUUID().slice(0, 8);

// Few retries: a failing emulator should fail the test, not be retried for minutes.
const common = {
  endpoint,
  region,
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' },
  maxAttempts: 2,
};
const iam = new IAMClient(common);
const ec2 = new EC2Client(common);
// The endpoint is an IP address, which has no room for a bucket subdomain.
const s3 = new S3Client({ ...common, forcePathStyle: true });
const eks = new EKSClient(common);
const sagemaker = new SageMakerClient(common);

const ON_CREATE_SH = `#!/bin/bash
set -euo pipefail
echo "[on_create] node $(hostname) joining HyperPod cluster"
if [ -d /opt/sagemaker ]; then echo "[on_create] secondary volume present"; fi
echo "[on_create] done"
`;

function trust(service) {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

async function createRole(name, service, policyArn) {
  const out = await iam.send(new CreateRoleCommand({
    RoleName: name, AssumeRolePolicyDocument: trust(service),
  }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
  return out.Role.Arn;
}

// Bounded poll: DescribeCluster until `want`, failing fast on a terminal failure.
async function pollHyperPod(name, want, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await sagemaker.send(new DescribeClusterCommand({ ClusterName: name }));
    if (last.ClusterStatus === want) return last;
    assert.ok(!['Failed', 'RollingBack'].includes(last.ClusterStatus),
      `cluster ${last.ClusterStatus}: ${last.FailureMessage}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`cluster still ${last?.ClusterStatus} after ${timeoutMs} ms`);
}

test('HyperPod on EKS with the JS SDK v3', { timeout: 120_000 }, async (t) => {
  assert.ok(endpoint, 'HPL_ENDPOINT must point at a running hyperpod-local');
  const s = {};
  // Each step needs the one before; after a failure, skip the rest instead of piling up noise.
  let broken = null;
  const step = (name, fn) => t.test(name, async (st) => {
    if (broken) return st.skip(`step "${broken}" failed`);
    try {
      await fn();
    } catch (e) {
      broken = name;
      throw e;
    }
  });

  await step('IAM roles', async () => {
    s.eksRole = await createRole(`eks-cluster-role-${suffix}`, 'eks.amazonaws.com',
      'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy');
    s.execRole = await createRole(`sagemaker-exec-${suffix}`, 'sagemaker.amazonaws.com',
      'arn:aws:iam::aws:policy/AmazonSageMakerClusterInstanceRolePolicy');
    assert.match(s.eksRole, /^arn:aws:iam::\d{12}:role\/eks-cluster-role-/);
    assert.match(s.execRole, /^arn:aws:iam::\d{12}:role\/sagemaker-exec-/);
  });

  await step('default VPC has one default subnet per AZ', async () => {
    const vpcs = await ec2.send(new DescribeVpcsCommand({
      Filters: [{ Name: 'is-default', Values: ['true'] }],
    }));
    assert.equal(vpcs.Vpcs.length, 1);
    s.vpcId = vpcs.Vpcs[0].VpcId;
    const subnets = (await ec2.send(new DescribeSubnetsCommand({
      Filters: [{ Name: 'default-for-az', Values: ['true'] }],
    }))).Subnets;
    assert.deepEqual(subnets.map((x) => x.AvailabilityZone).sort(), AZS);
    assert.ok(subnets.every((x) => x.VpcId === s.vpcId && x.DefaultForAz === true));
    const pick = (az) => subnets.find((x) => x.AvailabilityZone === az).SubnetId;
    s.subnets = [pick('us-west-2a'), pick('us-west-2b')];
    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({
      Filters: [{ Name: 'vpc-id', Values: [s.vpcId] }, { Name: 'group-name', Values: ['default'] }],
    }))).SecurityGroups;
    assert.equal(groups.length, 1);
    s.securityGroup = groups[0].GroupId;
  });

  await step('lifecycle script in a sagemaker- bucket', async () => {
    execFileSync('bash', ['-n'], { input: ON_CREATE_SH }); // throws on a syntax error
    s.bucket = `sagemaker-hyperpod-js-${suffix}`;
    await s3.send(new CreateBucketCommand({
      Bucket: s.bucket, CreateBucketConfiguration: { LocationConstraint: region },
    }));
    await s3.send(new PutObjectCommand({
      Bucket: s.bucket, Key: 'lifecycle/on_create.sh', Body: ON_CREATE_SH,
      ContentType: 'text/x-shellscript',
    }));
    const got = await s3.send(new GetObjectCommand({
      Bucket: s.bucket, Key: 'lifecycle/on_create.sh',
    }));
    assert.equal(await got.Body.transformToString(), ON_CREATE_SH);
  });

  await step('EKS cluster becomes ACTIVE (SDK waiter)', async () => {
    s.eksName = `hyperpod-eks-js-${suffix}`;
    const created = await eks.send(new CreateEksClusterCommand({
      name: s.eksName,
      version: '1.31',
      roleArn: s.eksRole,
      resourcesVpcConfig: { subnetIds: s.subnets, securityGroupIds: [s.securityGroup] },
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
    }));
    assert.equal(created.cluster.name, s.eksName);
    s.eksArn = created.cluster.arn;
    assert.match(s.eksArn, new RegExp(`^arn:aws:eks:us-west-2:\\d{12}:cluster/${s.eksName}$`));
    // The default 30 s minimum delay would dominate an instant-clock run.
    const result = await waitUntilClusterActive(
      { client: eks, maxWaitTime: 30, minDelay: 0.2, maxDelay: 1 }, { name: s.eksName });
    assert.equal(result.state, 'SUCCESS');
  });

  await step('HyperPod cluster reaches InService', async () => {
    s.name = `hyperpod-js-${suffix}`;
    const created = await sagemaker.send(new CreateClusterCommand({
      ClusterName: s.name,
      Orchestrator: { Eks: { ClusterArn: s.eksArn } },
      InstanceGroups: [{
        InstanceGroupName: 'workers',
        InstanceType: 'ml.g5.xlarge',
        InstanceCount: 2,
        ExecutionRole: s.execRole,
        LifeCycleConfig: { SourceS3Uri: `s3://${s.bucket}/lifecycle/`, OnCreate: 'on_create.sh' },
      }],
      VpcConfig: { SecurityGroupIds: [s.securityGroup], Subnets: s.subnets },
    }));
    assert.match(created.ClusterArn, /^arn:aws:sagemaker:us-west-2:\d{12}:cluster\/[a-z0-9]{12}$/);
    const described = await pollHyperPod(s.name, 'InService', 30_000);
    assert.equal(described.ClusterArn, created.ClusterArn);
    assert.equal(described.Orchestrator.Eks.ClusterArn, s.eksArn);
    assert.ok(described.CreationTime instanceof Date);
    const group = described.InstanceGroups[0];
    assert.equal(group.CurrentCount, 2);
    assert.equal(group.TargetCount, 2);
  });

  await step('ListClusterNodes paginates one node per page', async () => {
    const pages = [];
    const paginator = paginateListClusterNodes(
      { client: sagemaker, pageSize: 1 }, { ClusterName: s.name, MaxResults: 1 });
    for await (const page of paginator) {
      pages.push(page);
      assert.ok(pages.length <= 10, 'paginator does not terminate');
    }
    const nodes = pages.flatMap((p) => p.ClusterNodeSummaries);
    assert.ok(pages.length >= 2, `expected several pages, got ${pages.length}`);
    assert.ok(pages.every((p) => p.ClusterNodeSummaries.length <= 1));
    assert.equal(nodes.length, 2);
    assert.equal(new Set(nodes.map((n) => n.InstanceId)).size, 2);
    for (const node of nodes) {
      assert.equal(node.InstanceStatus.Status, 'Running');
      assert.equal(node.InstanceType, 'ml.g5.xlarge');
      assert.equal(node.InstanceGroupName, 'workers');
      assert.match(node.InstanceId, /^i-[a-f0-9]{17}$/);
      assert.ok(node.LaunchTime instanceof Date);
    }
  });
});
