"""Demo: the city's summary of the demo year, built in-process (no worker needed)."""

from .services import summary_build_inline, summary_request


def seed(ctx):
    if ctx.scale != "demo":
        return  # large scales: bench/summary_bench.py builds them and measures
    summary = summary_request(region=ctx.city, year=ctx.year, by=ctx.users.get("city_staff"))
    result = summary_build_inline(summary=summary)
    ctx.log(f"  年度工作总结：{ctx.city.name}{ctx.year}年，{result['figures']}项数据")
