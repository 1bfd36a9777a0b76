//! `template.yaml` (parsed, not grepped) and the function binaries must agree with the route
//! table and wire the cloud shape together: one function per REST route with the route's
//! method and path, the streams on the keeper fleet behind an internal load balancer that
//! only CloudFront reaches, the keeper service on a private network the functions reach by
//! name, secrets only from Secrets Manager, logs that expire, alarms that matter, a table
//! that outlives the stack, and a stack under CloudFormation's resource limit.

use std::collections::BTreeSet;

use serde_yaml::Value;
use tests::workspace_root;
use xwg_api::handlers::sse::HEARTBEAT;
use xwg_api::routes::Route;
use xwg_api::table::ROUTES;
use xwg_core::grants::{Secret, TableAccess};

fn template() -> Value {
    let text = std::fs::read_to_string(workspace_root().join("template.yaml")).unwrap();
    serde_yaml::from_str(&text).expect("template.yaml parses")
}

/// `get_user` → `GetUserFunction`.
fn resource_name(route: &str) -> String {
    let pascal: String = route
        .split('_')
        .map(|word| word[..1].to_uppercase() + &word[1..])
        .collect();
    format!("{pascal}Function")
}

/// The argument of an intrinsic function written with its short tag (`!Ref X` → `X`).
fn intrinsic<'a>(value: &'a Value, tag: &str) -> Option<&'a Value> {
    match value {
        Value::Tagged(tagged) if tagged.tag == tag => Some(&tagged.value),
        _ => None,
    }
}

fn reference(value: &Value) -> Option<&str> {
    intrinsic(value, "Ref").and_then(Value::as_str)
}

fn refs(values: &Value) -> Vec<&str> {
    values
        .as_sequence()
        .map(|items| items.iter().filter_map(reference).collect())
        .unwrap_or_default()
}

fn number(value: &Value) -> u64 {
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(|text| text.parse().ok()))
        .unwrap_or_else(|| panic!("a number: {value:?}"))
}

/// The secrets: never a parameter, never a plain environment variable.
const SECRET_VARIABLES: [&str; 7] = [
    "XWG_JWT_KEYS",
    "XWG_SEAL_KEY",
    "XWG_KEEPER_SECRET",
    "XWG_USERSERVICE_SECRET",
    "XWG_VAPID_PRIVATE_KEY",
    "XWG_XMPP_ADMIN_PASSWORD",
    "XWG_PUSH_COMPONENT_SECRET",
];

#[test]
fn every_route_has_its_function_and_nothing_else_does() {
    let template = template();
    let resources = template["Resources"].as_mapping().expect("Resources");
    let functions: BTreeSet<String> = resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Serverless::Function")
        .map(|(name, _)| name.as_str().unwrap().to_string())
        .collect();
    let expected: BTreeSet<String> = function_routes().map(|r| resource_name(r.name)).collect();
    assert_eq!(functions, expected, "template functions vs route table");

    for route in function_routes() {
        let function = &template["Resources"][resource_name(route.name).as_str()];
        assert_eq!(
            function["Metadata"]["BuildMethod"], "rust-cargolambda",
            "{}",
            route.name
        );
        assert_eq!(
            function["Metadata"]["BuildProperties"]["Binary"], route.name,
            "{}",
            route.name
        );
        let apis: Vec<(String, String)> = function["Properties"]["Events"]
            .as_mapping()
            .map(|events| {
                events
                    .values()
                    .filter(|e| e["Type"] == "HttpApi")
                    .map(|e| {
                        let p = &e["Properties"];
                        (
                            p["Method"].as_str().unwrap().to_string(),
                            p["Path"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let expected: Vec<(String, String)> = route
            .paths()
            .map(|path| (route.method.to_string(), path.to_string()))
            .collect();
        assert_eq!(apis, expected, "{}", route.name);
    }
}

/// The keeper container's environment variable `name`.
fn container_var<'a>(container: &'a Value, name: &str) -> &'a Value {
    &container["Environment"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|v| v["Name"] == name)
        .unwrap_or_else(|| panic!("{name} in the keeper's environment"))["Value"]
}

/// The port of an `XWG_*_LISTEN` address (`0.0.0.0:8080` → 8080).
fn port_of(listen: &Value) -> u64 {
    listen
        .as_str()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn streams_run_on_the_keeper_fleet_behind_an_internal_load_balancer() {
    let template = template();
    let resources = &template["Resources"];
    let distribution = &resources["WebDistribution"]["Properties"]["DistributionConfig"];
    let behaviors = distribution["CacheBehaviors"]
        .as_sequence()
        .expect("behaviors");
    let origins = distribution["Origins"].as_sequence().unwrap();
    let origin_of = |behavior: &Value| {
        origins
            .iter()
            .find(|o| o["Id"] == behavior["TargetOriginId"])
            .expect("the behaviour's origin")
            .clone()
    };
    let streaming: Vec<&Route> = ROUTES.iter().copied().filter(|r| r.streams).collect();
    assert!(!streaming.is_empty());
    for route in &streaming {
        // CloudFront sends each of its paths to the load balancer, before the API's catch-all.
        for path in route.paths() {
            let position = behaviors
                .iter()
                .position(|b| b["PathPattern"] == path)
                .unwrap_or_else(|| panic!("no CloudFront behaviour for {path}"));
            let catch_all = behaviors
                .iter()
                .position(|b| {
                    path.starts_with(b["PathPattern"].as_str().unwrap().trim_end_matches('*'))
                })
                .unwrap();
            assert_eq!(
                position, catch_all,
                "{path} must come before the patterns that also match it"
            );
            let origin = origin_of(&behaviors[position]);
            assert_eq!(
                intrinsic(&origin["DomainName"], "GetAtt").and_then(Value::as_str),
                Some("StreamsLoadBalancer.DNSName"),
                "{path}"
            );
            let vpc_origin = &origin["VpcOriginConfig"];
            assert_eq!(
                intrinsic(&vpc_origin["VpcOriginId"], "GetAtt").and_then(Value::as_str),
                Some("StreamsVpcOrigin.Id")
            );
            // The heartbeat keeps a quiet stream inside CloudFront's read timeout.
            assert!(HEARTBEAT.as_secs() < number(&vpc_origin["OriginReadTimeout"]));
        }
    }
    let vpc_origin = &resources["StreamsVpcOrigin"]["Properties"]["VpcOriginEndpointConfig"];
    assert_eq!(reference(&vpc_origin["Arn"]), Some("StreamsLoadBalancer"));

    // The load balancer: internal, idle timeout above the heartbeat, one listener to the
    // keeper tasks' stream port, health checked on the readiness route.
    let balancer = &resources["StreamsLoadBalancer"]["Properties"];
    assert_eq!(balancer["Scheme"], "internal");
    let idle = balancer["LoadBalancerAttributes"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|a| a["Key"] == "idle_timeout.timeout_seconds")
        .map(|a| number(&a["Value"]))
        .expect("an idle timeout");
    assert!(HEARTBEAT.as_secs() * 2 < idle, "heartbeat vs {idle} s");
    let listener = &resources["StreamsListener"]["Properties"];
    assert_eq!(
        reference(&listener["LoadBalancerArn"]),
        Some("StreamsLoadBalancer")
    );
    assert_eq!(
        reference(&listener["DefaultActions"][0]["TargetGroupArn"]),
        Some("StreamsTargetGroup")
    );
    let group = &resources["StreamsTargetGroup"]["Properties"];
    assert_eq!(group["HealthCheckPath"], local::fleet::READY);
    assert_eq!(group["TargetType"], "ip");
    let container = &resources["KeeperTaskDefinition"]["Properties"]["ContainerDefinitions"][0];
    let streams_port = port_of(container_var(container, "XWG_STREAMS_LISTEN"));
    assert_eq!(number(&group["Port"]), streams_port);
    assert!(
        container["PortMappings"]
            .as_sequence()
            .unwrap()
            .iter()
            .any(|m| number(&m["ContainerPort"]) == streams_port)
    );
    let service = &resources["KeeperService"]["Properties"];
    let registered = &service["LoadBalancers"][0];
    assert_eq!(
        reference(&registered["TargetGroupArn"]),
        Some("StreamsTargetGroup")
    );
    assert_eq!(number(&registered["ContainerPort"]), streams_port);
    // ECS sends SIGTERM after the deregistration delay; the task drains within StopTimeout.
    let delay = group["TargetGroupAttributes"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|a| a["Key"] == "deregistration_delay.timeout_seconds")
        .map(|a| number(&a["Value"]))
        .expect("a deregistration delay");
    assert!(
        delay <= 30,
        "a stopping task's streams end when it drains, not after {delay} s"
    );
    assert!(number(&container["StopTimeout"]) >= 10, "time to drain");
    assert_eq!(
        reference(container_var(container, "XWG_STREAMS_PER_TASK")),
        Some("StreamsPerTask")
    );

    // Every origin but the pages' bucket gets the origin secret, and every behaviour that
    // reaches one has the viewer's address set by the distribution's function.
    for origin in origins.iter().filter(|o| o["Id"] != "web") {
        let header = origin["OriginCustomHeaders"]
            .as_sequence()
            .and_then(|headers| {
                headers.iter().find(|h| {
                    h["HeaderName"].as_str().is_some_and(|name| {
                        name.eq_ignore_ascii_case(xwg_api::routes::edge::ORIGIN_HEADER)
                    })
                })
            })
            .unwrap_or_else(|| panic!("{:?} lacks the origin secret", origin["Id"]));
        let value = serde_yaml::to_string(&header["HeaderValue"]).unwrap();
        assert!(
            value.contains("resolve:secretsmanager") && value.contains("XWG_ORIGIN_SECRET"),
            "{value}"
        );
    }
    for behavior in behaviors {
        let function = intrinsic(
            &behavior["FunctionAssociations"][0]["FunctionARN"],
            "GetAtt",
        )
        .and_then(Value::as_str);
        assert_eq!(
            function,
            Some("ViewerAddress.FunctionMetadata.FunctionARN"),
            "{:?}",
            behavior["PathPattern"]
        );
    }
    // With RestOn=fleet the API's paths go to the load balancer too, and the tasks serve
    // every route.
    for behavior in behaviors
        .iter()
        .filter(|b| ["/sparkweb/*", "/plugins/*"].contains(&b["PathPattern"].as_str().unwrap()))
    {
        let target = serde_yaml::to_string(&behavior["TargetOriginId"]).unwrap();
        assert!(
            target.contains("RestOnFleet") && target.contains("streams") && target.contains("api"),
            "{target}"
        );
    }
    let serves = serde_yaml::to_string(container_var(container, "XWG_FLEET_ROUTES")).unwrap();
    assert!(
        serves.contains("RestOnFleet") && serves.contains("all"),
        "{serves}"
    );
    let code = resources["ViewerAddress"]["Properties"]["FunctionCode"]
        .as_str()
        .unwrap();
    assert!(
        code.contains(&format!(
            "headers['{}'] = {{ value: event.viewer.ip }}",
            xwg_api::routes::edge::VIEWER_HEADER
        )),
        "{code}"
    );
}

#[test]
fn the_keeper_runs_as_a_private_service_the_functions_find_by_name() {
    let template = template();
    let resources = &template["Resources"];
    let service = &resources["KeeperService"]["Properties"];
    assert_eq!(service["LaunchType"], "FARGATE");
    let tasks = reference(&service["DesiredCount"]).expect("DesiredCount is a parameter");
    let scaling = &resources["KeeperScaling"]["Properties"];
    assert_eq!(reference(&scaling["MinCapacity"]), Some(tasks));
    assert_eq!(scaling["ScalableDimension"], "ecs:service:DesiredCount");
    let tasks = &template["Parameters"][tasks];
    assert!(
        number(&tasks["MinValue"]) >= 2 && number(&tasks["Default"]) >= 2,
        "at least two tasks"
    );

    let definition = &resources[reference(&service["TaskDefinition"]).unwrap()]["Properties"];
    assert_eq!(definition["RequiresCompatibilities"][0], "FARGATE");
    let container = &definition["ContainerDefinitions"][0];
    assert_eq!(reference(&container["Image"]), Some("KeeperImage"));
    let command = container["HealthCheck"]["Command"]
        .as_sequence()
        .expect("a health check");
    assert_eq!(command.last().unwrap(), "health", "xwg-keeper health");
    let logs = &container["LogConfiguration"];
    assert_eq!(logs["LogDriver"], "awslogs");
    let group = reference(&logs["Options"]["awslogs-group"]).unwrap();
    assert!(
        resources[group]["Properties"]["RetentionInDays"] != Value::Null,
        "logs expire"
    );
    let port = number(&container["PortMappings"][0]["ContainerPort"]);

    // Private: no public address, private subnets (their way out is the NAT gateway).
    let network = &service["NetworkConfiguration"]["AwsvpcConfiguration"];
    assert_eq!(network["AssignPublicIp"], "DISABLED");
    let private_subnets = refs(&network["Subnets"]);
    assert!(private_subnets.len() >= 2, "two zones");
    for subnet in &private_subnets {
        let route_table = resources
            .as_mapping()
            .unwrap()
            .values()
            .find(|r| {
                r["Type"] == "AWS::EC2::SubnetRouteTableAssociation"
                    && reference(&r["Properties"]["SubnetId"]) == Some(subnet)
            })
            .and_then(|a| reference(&a["Properties"]["RouteTableId"]))
            .expect("the subnet's route table");
        let default_route = resources
            .as_mapping()
            .unwrap()
            .values()
            .find(|r| {
                r["Type"] == "AWS::EC2::Route"
                    && reference(&r["Properties"]["RouteTableId"]) == Some(route_table)
            })
            .expect("a default route");
        assert!(
            default_route["Properties"]["NatGatewayId"] != Value::Null
                && default_route["Properties"]["GatewayId"] == Value::Null,
            "{subnet} must be private (out through NAT, not an internet gateway)"
        );
    }

    // Only the functions, and peer keepers, reach the keeper API.
    let keeper_groups = refs(&network["SecurityGroups"]);
    assert_eq!(keeper_groups, vec!["KeeperSecurityGroup"]);
    let mut sources: Vec<(&str, u64)> =
        resources["KeeperSecurityGroup"]["Properties"]["SecurityGroupIngress"]
            .as_sequence()
            .unwrap()
            .iter()
            .chain(
                resources
                    .as_mapping()
                    .unwrap()
                    .values()
                    .filter(|r| {
                        r["Type"] == "AWS::EC2::SecurityGroupIngress"
                            && reference(&r["Properties"]["GroupId"]) == Some("KeeperSecurityGroup")
                    })
                    .map(|r| &r["Properties"]),
            )
            .map(|rule| {
                assert_eq!(
                    rule["CidrIp"],
                    Value::Null,
                    "no address range reaches the keeper"
                );
                assert_eq!(number(&rule["FromPort"]), number(&rule["ToPort"]));
                (
                    reference(&rule["SourceSecurityGroupId"]).expect("a group"),
                    number(&rule["FromPort"]),
                )
            })
            .collect();
    sources.sort();
    let streams_port = port_of(container_var(container, "XWG_STREAMS_LISTEN"));
    assert_eq!(
        sources,
        vec![
            ("FunctionSecurityGroup", port),
            ("KeeperSecurityGroup", port),
            ("StreamsSecurityGroup", streams_port)
        ],
        "the functions and peers reach the keeper API, the load balancer the streams"
    );

    // The functions: in the same private subnets, in the group the keeper admits, calling
    // the keeper by its service discovery name on its port.
    let globals = &template["Globals"]["Function"];
    assert_eq!(
        refs(&globals["VpcConfig"]["SecurityGroupIds"]),
        vec!["FunctionSecurityGroup"]
    );
    assert_eq!(refs(&globals["VpcConfig"]["SubnetIds"]), private_subnets);
    let registry = &service["ServiceRegistries"][0]["RegistryArn"];
    assert_eq!(
        intrinsic(registry, "GetAtt").and_then(Value::as_str),
        Some("KeeperDiscovery.Arn")
    );
    let discovery = &resources["KeeperDiscovery"]["Properties"];
    let namespace = &resources[reference(&discovery["NamespaceId"]).unwrap()]["Properties"];
    assert_eq!(reference(&namespace["Vpc"]), Some("Vpc"));
    let url = intrinsic(
        &globals["Environment"]["Variables"]["XWG_KEEPER_URL"],
        "Sub",
    )
    .and_then(Value::as_str)
    .expect("XWG_KEEPER_URL is a !Sub");
    assert_eq!(
        url,
        format!(
            "http://${{KeeperDiscovery.Name}}.{}:{port}",
            namespace["Name"].as_str().unwrap()
        )
    );
    let listen = container["Environment"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|v| v["Name"] == "XWG_KEEPER_LISTEN")
        .expect("XWG_KEEPER_LISTEN");
    assert_eq!(listen["Value"], format!("0.0.0.0:{port}").as_str());
}

#[test]
fn the_table_expires_items_keeps_backups_and_is_reached_privately() {
    let template = template();
    let resources = &template["Resources"];
    let table = &resources["StateTable"]["Properties"];
    assert_eq!(
        table["TimeToLiveSpecification"]["AttributeName"],
        "expires_at"
    );
    assert_eq!(table["TimeToLiveSpecification"]["Enabled"], true);
    assert_eq!(
        table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"],
        true
    );
    let endpoint = &resources["DynamoDbEndpoint"]["Properties"];
    assert_eq!(endpoint["VpcEndpointType"], "Gateway");
    let service = intrinsic(&endpoint["ServiceName"], "Sub").and_then(Value::as_str);
    assert_eq!(service, Some("com.amazonaws.${AWS::Region}.dynamodb"));
    assert_eq!(refs(&endpoint["RouteTableIds"]), vec!["PrivateRouteTable"]);
}

#[test]
fn secrets_come_from_secrets_manager_only() {
    let template = template();
    let parameters = template["Parameters"].as_mapping().unwrap();
    for (name, parameter) in parameters {
        assert_eq!(
            parameter["NoEcho"],
            Value::Null,
            "{name:?}: a secret as a parameter"
        );
    }
    let globals = &template["Globals"]["Function"]["Environment"]["Variables"];
    let resources = &template["Resources"];
    let container = &resources["KeeperTaskDefinition"]["Properties"]["ContainerDefinitions"][0];
    let container_vars: Vec<&Value> = container["Environment"]
        .as_sequence()
        .unwrap()
        .iter()
        .collect();
    for secret in SECRET_VARIABLES {
        assert_eq!(
            globals[secret],
            Value::Null,
            "{secret} in the functions' environment"
        );
        assert!(
            !container_vars.iter().any(|v| v["Name"] == secret),
            "{secret} in the keeper's environment"
        );
    }
    // Functions read only the secrets of their grants (below); the keeper reads them all,
    // and one of its own.
    assert_eq!(globals["XWG_SECRETS_ARN"], Value::Null);
    let keeper_arn = container_vars
        .iter()
        .find(|v| v["Name"] == "XWG_SECRETS_ARN")
        .unwrap();
    let keeper_arn = serde_yaml::to_string(&keeper_arn["Value"]).unwrap();
    let statements =
        &resources["KeeperTaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
    let readable = statements
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["Action"] == "secretsmanager:GetSecretValue")
        .map(|s| serde_yaml::to_string(&s["Resource"]).unwrap())
        .expect("the keeper may read its secrets");
    for parameter in Secret::ALL
        .iter()
        .map(|s| secret_parameter(*s))
        .chain(["SecretsArn", "KeeperSecretsArn"])
    {
        assert!(keeper_arn.contains(parameter), "keeper reads {parameter}");
        assert!(readable.contains(parameter), "keeper may read {parameter}");
    }

    // Each function may read exactly the secrets its route is granted, and reads them.
    for route in function_routes() {
        let name = resource_name(route.name);
        let function = &resources[name.as_str()]["Properties"];
        let expected: Vec<&str> = secret_parameters(route);
        let role = intrinsic(&function["Role"], "GetAtt")
            .and_then(Value::as_str)
            .and_then(|arn| arn.strip_suffix(".Arn"))
            .unwrap_or_else(|| panic!("{name} runs as a role of the template"));
        assert_eq!(resources[role]["Type"], "AWS::IAM::Role", "{name}");
        assert_eq!(
            function["Policies"],
            Value::Null,
            "{name}: no policies beside its role's"
        );
        let statements: Vec<&Value> = resources[role]["Properties"]["Policies"]
            .as_sequence()
            .unwrap()
            .iter()
            .flat_map(|p| p["PolicyDocument"]["Statement"].as_sequence().unwrap())
            .collect();
        let readable = statements
            .iter()
            .find(|s| s["Action"] == "secretsmanager:GetSecretValue")
            .unwrap_or_else(|| panic!("{name} reads no secret"));
        assert_eq!(refs(&readable["Resource"]), expected, "{name} may read");
        let read = intrinsic(
            &function["Environment"]["Variables"]["XWG_SECRETS_ARN"],
            "Join",
        )
        .unwrap_or_else(|| panic!("{name}: XWG_SECRETS_ARN is a !Join"));
        assert_eq!(refs(&read[1]), expected, "{name} reads");
        let table = statements
            .iter()
            .find(|s| {
                s["Resource"] == Value::Null
                    || serde_yaml::to_string(&s["Resource"])
                        .unwrap()
                        .contains("StateTable")
            })
            .filter(|s| s["Action"] != "secretsmanager:GetSecretValue");
        match route.grants.table {
            TableAccess::None => assert!(table.is_none(), "{name} reaches the table"),
            access => {
                let table = table.unwrap_or_else(|| panic!("{name} has no table grant"));
                let actions = serde_yaml::to_string(&table["Action"]).unwrap();
                assert_eq!(
                    actions.contains("PutItem"),
                    access == TableAccess::ReadWrite,
                    "{name}: {actions}"
                );
                assert!(!actions.contains("Scan") && !actions.contains("Batch"));
                let keys = &table["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"];
                let keys: Vec<&str> = keys
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                let expected: Vec<String> = route
                    .grants
                    .all_prefixes()
                    .iter()
                    .map(|p| leading_key(p))
                    .collect();
                assert_eq!(keys, expected, "{name}'s key prefixes");
            }
        }
    }
    // What only the keeper needs (the XMPP admin's password, the credential key) is out of
    // the functions' reach; so is signing tokens, except where a route issues them.
    for route in function_routes() {
        let name = resource_name(route.name);
        let function = &resources[name.as_str()];
        let role = intrinsic(&function["Properties"]["Role"], "GetAtt")
            .and_then(Value::as_str)
            .and_then(|arn| arn.strip_suffix(".Arn"))
            .unwrap();
        for resource in [function, &resources[role]] {
            assert!(
                !serde_yaml::to_string(resource)
                    .unwrap()
                    .contains("KeeperSecretsArn"),
                "{name} may read the keeper's secret"
            );
        }
    }
    let signers: Vec<&str> = function_routes()
        .filter(|route| route.grants.secrets.contains(&Secret::TokenKeys))
        .map(|route| route.name)
        .collect();
    assert!(
        signers.len() * 10 < function_routes().count(),
        "few functions sign tokens: {signers:?}"
    );
    let globals = serde_yaml::to_string(&template["Globals"]).unwrap();
    assert!(!globals.contains("KeeperSecretsArn"));
}

#[test]
fn every_log_expires_and_the_state_outlives_the_stack() {
    let template = template();
    let resources = template["Resources"].as_mapping().unwrap();
    for (name, resource) in resources {
        if resource["Type"] == "AWS::Logs::LogGroup" {
            assert!(
                resource["Properties"]["RetentionInDays"] != Value::Null,
                "{name:?} keeps its logs forever"
            );
        }
        // No function writes to a group of its own (Lambda's would be kept forever).
        if resource["Type"] == "AWS::Serverless::Function" {
            assert_eq!(
                resource["Properties"]["LoggingConfig"],
                Value::Null,
                "{name:?}"
            );
        }
    }
    let logging = &template["Globals"]["Function"]["LoggingConfig"];
    let group = reference(&logging["LogGroup"]).expect("the functions' log group");
    assert_eq!(template["Resources"][group]["Type"], "AWS::Logs::LogGroup");

    let table = &template["Resources"]["StateTable"];
    assert_eq!(table["DeletionPolicy"], "Retain");
    assert_eq!(table["UpdateReplacePolicy"], "Retain");

    // The API: throttled, with access logs (no query strings: a token may be in one).
    let api = &template["Resources"]["HttpApi"]["Properties"];
    assert!(reference(&api["DefaultRouteSettings"]["ThrottlingRateLimit"]).is_some());
    assert!(reference(&api["DefaultRouteSettings"]["ThrottlingBurstLimit"]).is_some());
    let format = api["AccessLogSettings"]["Format"].as_str().unwrap();
    assert!(
        !format.contains("querystring") && !format.contains("path"),
        "{format}"
    );
    // CloudFront: logged, behind WAF (made here in us-east-1, given elsewhere).
    let distribution =
        &template["Resources"]["WebDistribution"]["Properties"]["DistributionConfig"];
    assert!(distribution["Logging"]["Bucket"] != Value::Null);
    let acl = serde_yaml::to_string(&distribution["WebACLId"]).unwrap();
    assert!(
        acl.contains("WebAcl.Arn") && acl.contains("WebAclArn"),
        "{acl}"
    );
    let rules = template["Resources"]["WebAcl"]["Properties"]["Rules"]
        .as_sequence()
        .unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["Statement"]["RateBasedStatement"] != Value::Null)
    );
}

#[test]
fn alarms_cover_errors_latency_the_fleet_the_table_and_pushes() {
    let template = template();
    let alarms: Vec<String> = template["Resources"]
        .as_mapping()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::CloudWatch::Alarm")
        .map(|alarm| {
            assert_eq!(
                refs(&alarm["Properties"]["AlarmActions"]),
                vec!["AlarmTopic"]
            );
            serde_yaml::to_string(&alarm["Properties"]).unwrap()
        })
        .collect();
    for metric in [
        "MetricName: 5xx",
        "MetricName: Latency",
        "MetricName: RunningTaskCount",
        "MetricName: ActiveConnectionCount",
        "MetricName: HTTPCode_Target_5XX_Count",
        "MetricName: TargetResponseTime",
        "MetricName: WriteThrottleEvents",
        "MetricName: PushFailures",
    ] {
        assert!(
            alarms.iter().any(|alarm| alarm.contains(metric)),
            "no alarm on {metric}"
        );
    }
}

/// CloudFormation takes 500 resources per stack; SAM turns each function into a function, a
/// role and one permission per API event.
#[test]
fn the_stack_stays_under_cloudformations_resource_limit() {
    let template = template();
    let mut count = 0;
    for resource in template["Resources"].as_mapping().unwrap().values() {
        count += match resource["Type"].as_str().unwrap() {
            "AWS::Serverless::Function" => {
                // The function, the role SAM makes unless it names one, and a permission
                // per API event.
                1 + usize::from(resource["Properties"]["Role"] == Value::Null)
                    + resource["Properties"]["Events"]
                        .as_mapping()
                        .map_or(0, |events| events.len())
            }
            "AWS::Serverless::HttpApi" => 2,
            _ => 1,
        };
    }
    println!("{count} resources after the SAM transform");
    assert!(count <= 490, "{count} of 500 resources: split the stack");
}

/// Where the generated functions sit in `template.yaml`: everything between these lines.
const GENERATED_BEGIN: &str = "  # ----- Generated from the route table, one function per route: do not edit. -----\n  \
     # XWG_WRITE_FUNCTIONS=1 cargo test -p tests --test template writes it anew.\n";
const GENERATED_END: &str = "  # ----- End of the generated functions. -----\n";

/// The table actions of each access: the store adapter's five at most (no Scan, no batch
/// or transaction, no table administration).
fn table_actions(access: TableAccess) -> Option<&'static str> {
    match access {
        TableAccess::None => None,
        TableAccess::Read => Some("[dynamodb:GetItem, dynamodb:Query]"),
        TableAccess::ReadWrite => Some(
            "[dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query]",
        ),
    }
}

/// The template parameter naming the Secrets Manager secret that carries `secret`.
fn secret_parameter(secret: Secret) -> &'static str {
    match secret {
        Secret::TokenKeys => "TokenKeysSecretArn",
        Secret::SealKey => "SealKeySecretArn",
        Secret::KeeperSecret => "KeeperCallSecretArn",
        Secret::UserServiceSecret => "UserServiceSecretArn",
    }
}

/// The secrets a route's function reads: the shared one (the origin secret) and its grants'.
fn secret_parameters(route: &Route) -> Vec<&'static str> {
    std::iter::once("SecretsArn")
        .chain(route.grants.secrets.iter().map(|s| secret_parameter(*s)))
        .collect()
}

/// A partition-key prefix as a `dynamodb:LeadingKeys` pattern.
fn leading_key(prefix: &str) -> String {
    if prefix.ends_with('#') {
        format!("{prefix}*")
    } else {
        prefix.to_string()
    }
}

/// The routes that run as Lambda functions: every route but the streams (the keeper fleet's).
fn function_routes() -> impl Iterator<Item = &'static Route> {
    ROUTES.iter().copied().filter(|route| !route.streams)
}

/// The IAM statements of a route's grants (the same text for the same grants): the table
/// actions on its key prefixes, and the secrets it reads.
fn grant_statements(route: &Route) -> String {
    let mut out = String::new();
    if let Some(actions) = table_actions(route.grants.table) {
        let keys: Vec<String> = route
            .grants
            .all_prefixes()
            .iter()
            .map(|p| format!("\"{}\"", leading_key(p)))
            .collect();
        out.push_str(&format!(
            "              - Effect: Allow\n                Action: {actions}\n                \
             Resource: !GetAtt StateTable.Arn\n                Condition:\n                  \
             ForAllValues:StringLike:\n                    dynamodb:LeadingKeys: [{}]\n",
            keys.join(", ")
        ));
    }
    out.push_str(&format!(
        "              - Effect: Allow\n                Action: secretsmanager:GetSecretValue\n                \
         Resource: [{}]\n",
        secret_refs(route)
    ));
    out
}

fn secret_refs(route: &Route) -> String {
    let secrets: Vec<String> = secret_parameters(route)
        .iter()
        .map(|p| format!("!Ref {p}"))
        .collect();
    secrets.join(", ")
}

/// The role every function with these grants runs as (one per distinct grant set: a role
/// per function would take the stack past CloudFormation's 500 resources). Its logical id
/// names a hash of the grants (FNV-1a), so it stays the same as routes come and go.
fn role_name(route: &Route) -> String {
    let hash = grant_statements(route)
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("FunctionRole{:08x}", hash as u32)
}

/// The role resource of a grant set: Lambda's VPC execution (network interfaces, logs) and
/// the grants.
fn role_resource(route: &Route) -> String {
    format!(
        "  {}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        \
         Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            \
         Principal:\n              Service: lambda.amazonaws.com\n            \
         Action: sts:AssumeRole\n      ManagedPolicyArns:\n        \
         - !Sub \"arn:${{AWS::Partition}}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole\"\n      \
         Policies:\n        - PolicyName: grants\n          PolicyDocument:\n            \
         Version: \"2012-10-17\"\n            Statement:\n{}",
        role_name(route),
        grant_statements(route)
    )
}

/// The template resource of one route's function: its grants' role and the secrets it reads.
fn function_resource(route: &Route) -> String {
    let mut out = format!(
        "  {}:\n    Type: AWS::Serverless::Function\n    Metadata:\n      \
         BuildMethod: rust-cargolambda\n      BuildProperties:\n        Binary: {}\n    \
         Properties:\n      Role: !GetAtt {}.Arn\n      Environment:\n        Variables:\n          \
         XWG_SECRETS_ARN: !Join [\",\", [{}]]\n",
        resource_name(route.name),
        route.name,
        role_name(route),
        secret_refs(route)
    );
    out.push_str("      Events:\n");
    for (n, path) in route.paths().enumerate() {
        let event = if n == 0 {
            "Api".to_string()
        } else {
            format!("Api{}", n + 1)
        };
        out.push_str(&format!(
            "        {event}:\n          Type: HttpApi\n          Properties:\n            \
             ApiId: !Ref HttpApi\n            Method: {}\n            Path: {path}\n",
            route.method
        ));
    }
    out
}

fn generated_functions() -> String {
    let mut roles: Vec<String> = Vec::new();
    let mut resources: Vec<String> = Vec::new();
    for route in function_routes() {
        let role = role_resource(route);
        if !roles.contains(&role) {
            roles.push(role);
        }
        resources.push(function_resource(route));
    }
    format!(
        "{GENERATED_BEGIN}\n{}\n{}\n{GENERATED_END}",
        roles.join("\n"),
        resources.join("\n")
    )
}

#[test]
fn the_templates_functions_are_the_tables() {
    let path = workspace_root().join("template.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (Some(begin), Some(end)) = (text.find(GENERATED_BEGIN), text.find(GENERATED_END)) else {
        panic!("template.yaml lost the lines around its generated functions");
    };
    let found = &text[begin..end + GENERATED_END.len()];
    let expected = generated_functions();
    if std::env::var_os("XWG_WRITE_FUNCTIONS").is_some() {
        std::fs::write(&path, text.replace(found, &expected)).unwrap();
    } else {
        assert!(
            found == expected,
            "template.yaml's functions are behind the route table: \
             XWG_WRITE_FUNCTIONS=1 cargo test -p tests --test template"
        );
    }
}

/// A function binary: its route's row named at compile time, so it links that handler only.
fn binary_source(route: &Route) -> String {
    format!(
        "// Generated from the route table: XWG_WRITE_FUNCTIONS=1 cargo test -p tests --test template\n\
         functions::main!({});\n",
        route.name.to_uppercase()
    )
}

#[test]
fn every_route_has_its_binary_and_nothing_else_does() {
    let bin_dir = workspace_root().join("functions/src/bin");
    if std::env::var_os("XWG_WRITE_FUNCTIONS").is_some() {
        for entry in std::fs::read_dir(&bin_dir).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        for route in function_routes() {
            let path = bin_dir.join(format!("{}.rs", route.name));
            std::fs::write(path, binary_source(route)).unwrap();
        }
    }
    let binaries: BTreeSet<String> = std::fs::read_dir(&bin_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = function_routes().map(|r| r.name.to_string()).collect();
    assert_eq!(
        binaries, expected,
        "functions/src/bin vs route table: XWG_WRITE_FUNCTIONS=1 cargo test -p tests --test template"
    );
    for route in function_routes() {
        let source = std::fs::read_to_string(bin_dir.join(format!("{}.rs", route.name))).unwrap();
        assert_eq!(
            source,
            binary_source(route),
            "functions/src/bin/{}.rs: XWG_WRITE_FUNCTIONS=1 cargo test -p tests --test template",
            route.name
        );
    }
}

#[test]
fn cfn_lint_finds_nothing_not_even_informational() {
    tests::tool_passes(
        "XWG_CFN_LINT",
        &["--include-checks", "I", "--", "template.yaml"],
    );
}

#[test]
fn sam_validates_the_template() {
    tests::tool_passes(
        "XWG_SAM",
        &[
            "validate",
            "--lint",
            "--region",
            "us-east-1",
            "--template",
            "template.yaml",
        ],
    );
}
