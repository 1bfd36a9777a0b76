//! `template.yaml` (parsed, not grepped) and the function binaries must agree with the route
//! table and wire the cloud shape together: one function per route with the route's method
//! and path, SSE on a streaming front that outlasts its streams, the keeper service on a
//! private network the functions reach by name, and secrets only from Secrets Manager.

use std::collections::BTreeSet;

use serde_yaml::Value;
use tests::workspace_root;
use xwg_api::handlers::sse::{DEADLINE_MARGIN, HEARTBEAT};
use xwg_api::routes::Route;
use xwg_api::table::ROUTES;

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
    let expected: BTreeSet<String> = ROUTES.iter().map(|r| resource_name(r.name)).collect();
    assert_eq!(functions, expected, "template functions vs route table");

    for route in ROUTES {
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
        if route.streams {
            // Its paths are CloudFront's (checked below): the HTTP API would buffer it.
            assert_eq!(apis, vec![], "{} must not be on the HTTP API", route.name);
        } else {
            let expected: Vec<(String, String)> = route
                .paths()
                .map(|path| (route.method.to_string(), path.to_string()))
                .collect();
            assert_eq!(apis, expected, "{}", route.name);
        }
    }
}

#[test]
fn streams_run_on_a_streaming_front_and_end_before_its_limits() {
    let template = template();
    let resources = &template["Resources"];
    let distribution = &resources["WebDistribution"]["Properties"]["DistributionConfig"];
    let behaviors = distribution["CacheBehaviors"]
        .as_sequence()
        .expect("behaviors");
    let streaming: Vec<&Route> = ROUTES.iter().copied().filter(|r| r.streams).collect();
    assert!(!streaming.is_empty());
    for route in streaming {
        let name = resource_name(route.name);
        let function = &resources[name.as_str()]["Properties"];
        assert_eq!(
            function["FunctionUrlConfig"]["InvokeMode"], "RESPONSE_STREAM",
            "{name}"
        );
        // Open streams hold invocations: capped, so they cannot starve the other routes.
        let cap =
            reference(&function["ReservedConcurrentExecutions"]).expect("a reserved concurrency");
        assert!(number(&template["Parameters"][cap]["MinValue"]) >= 1);
        // The stream says goodbye (`retry:`) before the function's time runs out.
        let timeout = number(&function["Timeout"]);
        let max = number(&function["Environment"]["Variables"]["XWG_SSE_MAX_SECS"]);
        assert!(timeout <= 900, "{name}: Lambda's limit is 15 minutes");
        assert!(
            max + DEADLINE_MARGIN.as_secs() < timeout,
            "{name}: {max} s streams, {timeout} s function"
        );

        // CloudFront sends each of its paths to its URL, before the API's catch-all.
        let url = format!("{name}Url.FunctionUrl");
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
            let origin_id = &behaviors[position]["TargetOriginId"];
            let origin = distribution["Origins"]
                .as_sequence()
                .unwrap()
                .iter()
                .find(|o| &o["Id"] == origin_id)
                .expect("the behaviour's origin");
            let domain = serde_yaml::to_string(&origin["DomainName"]).unwrap();
            assert!(domain.contains(&url), "{path} goes to {domain}, not {url}");
            // The heartbeat keeps a quiet stream inside CloudFront's read timeout.
            let read_timeout = number(&origin["CustomOriginConfig"]["OriginReadTimeout"]);
            assert!(
                HEARTBEAT.as_secs() < read_timeout,
                "{path}: heartbeat vs {read_timeout} s"
            );
        }
    }
}

#[test]
fn the_keeper_runs_as_a_private_service_the_functions_find_by_name() {
    let template = template();
    let resources = &template["Resources"];
    let service = &resources["KeeperService"]["Properties"];
    assert_eq!(service["LaunchType"], "FARGATE");
    let tasks = reference(&service["DesiredCount"]).expect("DesiredCount is a parameter");
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
        number(&resources[group]["Properties"]["RetentionInDays"]) > 0,
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
    assert_eq!(
        sources,
        vec![
            ("FunctionSecurityGroup", port),
            ("KeeperSecurityGroup", port)
        ]
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
    assert_eq!(reference(&globals["XWG_SECRETS_ARN"]), Some("SecretsArn"));
    // The keeper reads the shared secret and, when given, one of its own.
    let keeper_arn = container_vars
        .iter()
        .find(|v| v["Name"] == "XWG_SECRETS_ARN")
        .unwrap();
    let keeper_arn = serde_yaml::to_string(&keeper_arn["Value"]).unwrap();
    assert!(
        keeper_arn.contains("SecretsArn") && keeper_arn.contains("KeeperSecretsArn"),
        "{keeper_arn}"
    );

    // Each function, and the keeper's task role, may read that secret.
    for route in ROUTES {
        let name = resource_name(route.name);
        let policies = resources[name.as_str()]["Properties"]["Policies"]
            .as_sequence()
            .unwrap();
        assert!(
            policies.iter().any(|p| {
                reference(&p["AWSSecretsManagerGetSecretValuePolicy"]["SecretArn"])
                    == Some("SecretsArn")
            }),
            "{name} cannot read the secret"
        );
    }
    let statements =
        &resources["KeeperTaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
    let readable = statements
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["Action"] == "secretsmanager:GetSecretValue")
        .map(|s| serde_yaml::to_string(&s["Resource"]).unwrap())
        .expect("the keeper may read its secrets");
    assert!(
        readable.contains("SecretsArn") && readable.contains("KeeperSecretsArn"),
        "{readable}"
    );
    // What only the keeper needs (the XMPP admin's password) is out of the functions' reach.
    for route in ROUTES {
        let name = resource_name(route.name);
        let function = serde_yaml::to_string(&resources[name.as_str()]).unwrap();
        assert!(
            !function.contains("KeeperSecretsArn"),
            "{name} may read the keeper's secret"
        );
    }
    let globals = serde_yaml::to_string(&template["Globals"]).unwrap();
    assert!(!globals.contains("KeeperSecretsArn"));
}

/// Where the generated functions sit in `template.yaml`: everything between these lines.
const GENERATED_BEGIN: &str = "  # ----- Generated from the route table, one function per route: do not edit. -----\n  \
     # XWG_WRITE_FUNCTIONS=1 cargo test -p tests --test template writes it anew.\n";
const GENERATED_END: &str = "  # ----- End of the generated functions. -----\n";

/// Routes whose function reads nothing from the store (least privilege: no table policy).
const STORELESS: [&str; 1] = ["about"];

/// The template resource of one route's function.
fn function_resource(route: &Route) -> String {
    let mut out = format!(
        "  {}:\n    Type: AWS::Serverless::Function\n    Metadata:\n      \
         BuildMethod: rust-cargolambda\n      BuildProperties:\n        Binary: {}\n    \
         Properties:\n",
        resource_name(route.name),
        route.name
    );
    if route.streams {
        out.push_str(
            "      # A stream ends after XWG_SSE_MAX_SECS with `retry:`, before the 15 minutes;\n      \
             # its heartbeat (15 s) keeps it inside CloudFront's read timeout (60 s).\n      \
             Timeout: 900\n      \
             # Billed for every second a stream is open: the smallest size (it peaks at ~9 MB).\n      \
             MemorySize: 128\n      ReservedConcurrentExecutions: !Ref SseConcurrency\n      \
             Environment:\n        Variables:\n          XWG_SSE_MAX_SECS: \"840\"\n",
        );
    }
    out.push_str("      Policies:\n");
    if !STORELESS.contains(&route.name) {
        out.push_str("        - DynamoDBCrudPolicy:\n            TableName: !Ref StateTable\n");
    }
    out.push_str(
        "        - AWSSecretsManagerGetSecretValuePolicy:\n            SecretArn: !Ref SecretsArn\n",
    );
    if route.streams {
        // CloudFront routes its paths to the URL: the HTTP API would buffer the stream.
        out.push_str(
            "      FunctionUrlConfig:\n        AuthType: NONE\n        InvokeMode: RESPONSE_STREAM\n        \
             # Pages on CloudFront's origin need none; pages elsewhere need CorsOrigins.\n        \
             Cors: !If\n          - HasCorsOrigins\n          - AllowOrigins: !Ref CorsOrigins\n            \
             AllowMethods: [GET]\n            AllowHeaders: [authorization, last-event-id]\n            \
             MaxAge: 600\n          - !Ref AWS::NoValue\n",
        );
    } else {
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
    }
    out
}

fn generated_functions() -> String {
    let resources: Vec<String> = ROUTES
        .iter()
        .map(|route| function_resource(route))
        .collect();
    format!(
        "{GENERATED_BEGIN}\n{}\n{GENERATED_END}",
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
        for route in ROUTES {
            let path = bin_dir.join(format!("{}.rs", route.name));
            std::fs::write(path, binary_source(route)).unwrap();
        }
    }
    let binaries: BTreeSet<String> = std::fs::read_dir(&bin_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = ROUTES.iter().map(|r| r.name.to_string()).collect();
    assert_eq!(
        binaries, expected,
        "functions/src/bin vs route table: XWG_WRITE_FUNCTIONS=1 cargo test -p tests --test template"
    );
    for route in ROUTES {
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
fn cfn_lint_finds_nothing() {
    tests::tool_passes("XWG_CFN_LINT", &["template.yaml"]);
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
