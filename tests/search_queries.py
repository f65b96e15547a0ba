"""The search query set: what readers type, and where each query should land.

One place for `scripts/bench_search.py` (every query, recall@1 and recall@5 per language) and
`tests/test_search.py` (a representative subset).

A target is a location relative to the language's home: `glossary/#id` is one glossary entry and
must be the result's best match; `modules/NN-slug/` is a page, any of whose sections counts.
`first=True`: the target should be the first result; otherwise in the first five.

Kinds: `term` (a term as pages write it), `nospace` (the same without its spaces), `partial` (part of
a compound), `english` (English name on the Korean site), `acronym`, `mixed` (Korean and Latin),
`variant` (plural, hyphen or spacing variants in English), `topic` (a subject, not a term).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    lang: str
    kind: str
    text: str
    target: str
    first: bool = True


def _g(term_id: str) -> str:
    return f"glossary/#{term_id}"


def _m(slug: str) -> str:
    return f"modules/{slug}/"


KO = [
    # Terms as the pages write them: the glossary entry first.
    ("term", "가용 영역", _g("availability-zone")),
    ("term", "보안 그룹", _g("security-group")),
    ("term", "라우팅 테이블", _g("route-table")),
    ("term", "인터넷 게이트웨이", _g("internet-gateway")),
    ("term", "서브넷", _g("subnet")),
    ("term", "엣지 로케이션", _g("edge-location")),
    ("term", "리전", _g("region")),
    ("term", "루트 사용자", _g("root-user")),
    ("term", "서비스 제어 정책", _g("scp")),
    ("term", "읽기 전용 복제본", _g("read-replica")),
    ("term", "글로벌 테이블", _g("global-table")),
    ("term", "배치 그룹", _g("placement-group")),
    ("term", "키 페어", _g("key-pair")),
    ("term", "스팟 인스턴스", _g("spot-instance")),
    ("term", "예약 인스턴스", _g("reserved-instance")),
    ("term", "인스턴스 스토어", _g("instance-store")),
    ("term", "수명 주기 정책", _g("lifecycle")),
    ("term", "스토리지 클래스", _g("storage-class")),
    ("term", "대상 그룹", _g("target-group")),
    ("term", "시작 템플릿", _g("launch-template")),
    ("term", "변경 세트", _g("change-set")),
    ("term", "드리프트 감지", _g("drift-detection")),
    ("term", "게이트웨이 엔드포인트", _g("gateway-endpoint")),
    ("term", "배달 못한 편지 대기열", _g("dlq")),
    ("term", "가시성 제한 시간", _g("visibility-timeout")),
    ("term", "팬아웃", _g("fan-out")),
    ("term", "코드형 인프라", _g("iac")),
    ("term", "탄력적 IP", _g("elastic-ip")),
    ("term", "지연 로딩", _g("lazy-loading")),
    ("term", "가상 프라이빗 게이트웨이", _g("virtual-private-gateway")),
    ("term", "퍼블릭 서브넷", _g("public-subnet")),
    ("term", "프라이빗 서브넷", _g("private-subnet")),
    ("term", "보안 주체", _g("principal")),
    ("term", "사용자 데이터", _g("user-data")),
    ("term", "멀티파트 업로드", _g("multipart-upload")),
    ("term", "인스턴스 메타데이터", _g("instance-metadata")),
    # The same terms typed without spaces.
    ("nospace", "가용영역", _g("availability-zone")),
    ("nospace", "보안그룹", _g("security-group")),
    ("nospace", "라우팅테이블", _g("route-table")),
    ("nospace", "인터넷게이트웨이", _g("internet-gateway")),
    ("nospace", "엣지로케이션", _g("edge-location")),
    ("nospace", "읽기전용복제본", _g("read-replica")),
    ("nospace", "배치그룹", _g("placement-group")),
    ("nospace", "스팟인스턴스", _g("spot-instance")),
    ("nospace", "서비스제어정책", _g("scp")),
    ("nospace", "수명주기정책", _g("lifecycle")),
    ("nospace", "대상그룹", _g("target-group")),
    ("nospace", "가시성제한시간", _g("visibility-timeout")),
    ("nospace", "키페어", _g("key-pair")),
    ("nospace", "루트사용자", _g("root-user")),
    ("nospace", "탄력적IP", _g("elastic-ip")),
    ("nospace", "NAT게이트웨이", _g("nat-gateway")),
    ("nospace", "VPC피어링", _g("vpc-peering")),
    ("nospace", "네트워크ACL", _g("network-acl")),
    # Part of a compound: the term in the first five.
    ("partial", "영역", _g("availability-zone"), False),
    ("partial", "복제본", _g("read-replica"), False),
    ("partial", "로케이션", _g("edge-location"), False),
    ("partial", "피어링", _g("vpc-peering"), False),
    ("partial", "드리프트", _g("drift-detection"), False),
    ("partial", "제한 시간", _g("visibility-timeout"), False),
    ("partial", "스토어", _g("instance-store"), False),
    ("partial", "편지 대기열", _g("dlq"), False),
    # English names on the Korean site.
    ("english", "security group", _g("security-group")),
    ("english", "Availability Zone", _g("availability-zone")),
    ("english", "NAT gateway", _g("nat-gateway")),
    ("english", "read replica", _g("read-replica")),
    ("english", "route table", _g("route-table")),
    ("english", "dead-letter queue", _g("dlq")),
    ("english", "placement group", _g("placement-group")),
    ("english", "Savings Plans", _g("savings-plans")),
    ("english", "Transit Gateway", _g("transit-gateway")),
    ("english", "Direct Connect", _g("direct-connect")),
    ("english", "CloudFront", _g("cloudfront")),
    ("english", "DynamoDB", _g("dynamodb")),
    # Acronyms.
    ("acronym", "SG", _g("security-group")),
    ("acronym", "AZ", _g("availability-zone")),
    ("acronym", "SCP", _g("scp")),
    ("acronym", "RCU", _g("rcu")),
    ("acronym", "DLQ", _g("dlq")),
    ("acronym", "ENI", _g("eni")),
    ("acronym", "IGW", _g("internet-gateway")),
    ("acronym", "IaC", _g("iac")),
    ("acronym", "OU", _g("organizational-unit")),
    ("acronym", "EBS", _g("ebs")),
    ("acronym", "AMI", _g("ami")),
    ("acronym", "VPC", _g("vpc")),
    ("acronym", "S3", _g("s3")),
    ("acronym", "EC2", _g("ec2")),
    ("acronym", "CIDR", _g("cidr")),
    ("acronym", "DAX", _g("dax")),
    ("acronym", "RTO", _g("rto")),
    # Korean and Latin together.
    ("mixed", "NAT 게이트웨이", _g("nat-gateway")),
    ("mixed", "IAM 역할", _g("iam-role")),
    ("mixed", "다중 AZ", _g("multi-az")),
    ("mixed", "네트워크 ACL", _g("network-acl")),
    ("mixed", "VPC 피어링", _g("vpc-peering")),
    ("mixed", "VPC 엔드포인트", _g("vpc-endpoint")),
    ("mixed", "Auto Scaling 그룹", _g("auto-scaling-group")),
    ("mixed", "S3 버킷", _g("bucket"), False),
    ("mixed", "EC2 인스턴스 유형", _g("instance-type"), False),
    ("mixed", "Route 53 라우팅 정책", _m("12-edge-services")),
    # Subjects, not terms: the module page.
    ("topic", "리전 선택 요인", _m("01-fundamentals")),
    ("topic", "보안 그룹 체이닝", _m("03-networking-1")),
    ("topic", "NAT 인스턴스 비교", _m("03-networking-1")),
    ("topic", "캐싱 전략", _m("06-databases")),
    ("topic", "긴 폴링", _m("11-serverless")),
    ("topic", "샤드 계산", _m("11-serverless")),
    ("topic", "콘텐츠 만료", _m("12-edge-services")),
    ("topic", "처리량 모드", _m("05-storage")),
    ("topic", "동적 조정 정책", _m("07-monitoring-scaling")),
    ("topic", "웹 ACL 규칙", _m("12-edge-services")),
    ("topic", "테넌시", _m("04-compute")),
    ("topic", "파일럿 라이트", _m("13-backup-recovery")),
    ("topic", "재해 복구 전략", _m("13-backup-recovery")),
    ("topic", "마이크로서비스", _m("09-containers")),
    ("topic", "Well-Architected 6가지 원칙", _m("01-fundamentals")),
    ("topic", "클라우드 컴퓨팅", _m("01-fundamentals"), False),
]

EN = [
    ("term", "Availability Zone", _g("availability-zone")),
    ("term", "security group", _g("security-group")),
    ("term", "NAT gateway", _g("nat-gateway")),
    ("term", "route table", _g("route-table")),
    ("term", "internet gateway", _g("internet-gateway")),
    ("term", "subnet", _g("subnet")),
    ("term", "edge location", _g("edge-location")),
    ("term", "Region", _g("region")),
    ("term", "root user", _g("root-user")),
    ("term", "IAM role", _g("iam-role")),
    ("term", "service control policy", _g("scp")),
    ("term", "read replica", _g("read-replica")),
    ("term", "Multi-AZ", _g("multi-az")),
    ("term", "placement group", _g("placement-group")),
    ("term", "key pair", _g("key-pair")),
    ("term", "Spot Instance", _g("spot-instance")),
    ("term", "Reserved Instance", _g("reserved-instance")),
    ("term", "instance store", _g("instance-store")),
    ("term", "storage class", _g("storage-class")),
    ("term", "target group", _g("target-group")),
    ("term", "launch template", _g("launch-template")),
    ("term", "change set", _g("change-set")),
    ("term", "drift detection", _g("drift-detection")),
    ("term", "VPC peering", _g("vpc-peering")),
    ("term", "gateway endpoint", _g("gateway-endpoint")),
    ("term", "dead-letter queue", _g("dlq")),
    ("term", "visibility timeout", _g("visibility-timeout")),
    ("term", "infrastructure as code", _g("iac")),
    ("term", "Elastic IP", _g("elastic-ip")),
    ("term", "network ACL", _g("network-acl")),
    ("term", "lazy loading", _g("lazy-loading")),
    ("term", "virtual private gateway", _g("virtual-private-gateway")),
    ("term", "public subnet", _g("public-subnet")),
    ("term", "user data", _g("user-data")),
    ("term", "multipart upload", _g("multipart-upload")),
    ("term", "Transit Gateway", _g("transit-gateway")),
    ("term", "Direct Connect", _g("direct-connect")),
    ("term", "CloudFront", _g("cloudfront")),
    ("term", "DynamoDB", _g("dynamodb")),
    ("term", "Savings Plans", _g("savings-plans")),
    # Plurals, hyphens and spacing.
    ("variant", "security groups", _g("security-group")),
    ("variant", "availability zones", _g("availability-zone")),
    ("variant", "read replicas", _g("read-replica")),
    ("variant", "dead letter queue", _g("dlq")),
    ("variant", "Route53", _g("route-53")),
    ("variant", "multi AZ", _g("multi-az")),
    ("variant", "site to site VPN", _g("site-to-site-vpn")),
    ("variant", "natgateway", _g("nat-gateway")),
    ("variant", "Cloud Front", _g("cloudfront"), False),
    ("variant", "route tables", _g("route-table")),
    # Acronyms.
    ("acronym", "SG", _g("security-group")),
    ("acronym", "AZ", _g("availability-zone")),
    ("acronym", "SCP", _g("scp")),
    ("acronym", "RCU", _g("rcu")),
    ("acronym", "DLQ", _g("dlq")),
    ("acronym", "ENI", _g("eni")),
    ("acronym", "IGW", _g("internet-gateway")),
    ("acronym", "IaC", _g("iac")),
    ("acronym", "OU", _g("organizational-unit")),
    ("acronym", "EBS", _g("ebs")),
    ("acronym", "AMI", _g("ami")),
    ("acronym", "VPC", _g("vpc")),
    ("acronym", "S3", _g("s3")),
    ("acronym", "EC2", _g("ec2")),
    ("acronym", "CIDR", _g("cidr")),
    ("acronym", "DAX", _g("dax")),
    ("acronym", "RTO", _g("rto")),
    # Partial names.
    ("partial", "replica", _g("read-replica"), False),
    ("partial", "endpoint", _g("vpc-endpoint"), False),
    ("partial", "peering", _g("vpc-peering"), False),
    # Subjects, not terms.
    ("topic", "choosing a Region", _m("01-fundamentals")),
    ("topic", "security group chaining", _m("03-networking-1")),
    ("topic", "caching strategies", _m("06-databases")),
    ("topic", "long polling", _m("11-serverless")),
    ("topic", "throughput modes", _m("05-storage")),
    ("topic", "expire content", _m("12-edge-services")),
    ("topic", "Well-Architected pillars", _m("01-fundamentals")),
    ("topic", "tenancy", _m("04-compute")),
    ("topic", "dynamic scaling policies", _m("07-monitoring-scaling")),
    ("topic", "web ACL rules", _m("12-edge-services")),
    ("topic", "pilot light", _m("13-backup-recovery")),
    ("topic", "disaster recovery strategies", _m("13-backup-recovery")),
    ("topic", "microservices", _m("09-containers")),
    ("topic", "shard calculation", _m("11-serverless")),
]

QUERIES: list[Query] = [Query("ko", *row) for row in KO] + [Query("en", *row) for row in EN]

# The subset the tests assert: a few of every kind in both languages.
SAMPLE = {
    "ko": ["가용 영역", "보안그룹", "가용영역", "NAT 게이트웨이", "security group", "SG", "RCU", "영역",
           "복제본", "읽기전용복제본", "탄력적IP", "S3", "리전 선택 요인", "보안 그룹 체이닝"],
    "en": ["security group", "security groups", "NAT gateway", "SG", "AZ", "read replica", "dead letter queue",
           "Route53", "EC2", "choosing a Region", "security group chaining"],
}
