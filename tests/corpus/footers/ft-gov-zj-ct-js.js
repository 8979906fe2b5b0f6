document.writeln("<div class=\"foot clearfix\">");
document.writeln("	<div class=\"footer clearfix\">");
document.writeln("		<div class=\"footer_left\">					");
document.writeln("			<ul class=\"clearfix\">");
document.writeln("				<li>");
document.writeln("					<a href=\"javascript:;\" onclick=\"show_index(window.location);\">设为首页</a>");
document.writeln("				</li>");
document.writeln("				<li>");
document.writeln("					<a href=\"javascript:;\" onclick=\"show_Favorite(window.location,document.title);\">加入收藏</a>");
document.writeln("				</li>");
document.writeln("				<li>");
document.writeln("					<a href=\"http://ct.zj.gov.cn/col/col1654701/index.html\">版权声明</a>");
document.writeln("				</li>");
document.writeln("				<li>");
document.writeln("					<a href=\"http://ct.zj.gov.cn/col/col1654702/index.html\">帮助信息</a>");
document.writeln("				</li>");
document.writeln("				<li>");
document.writeln("					<a href=\"http://ct.zj.gov.cn/col/col1654703/index.html\">网站地图</a>");
document.writeln("				</li>");
document.writeln("			</ul>");
document.writeln("			<div class=\"footer_left_nr\">");
document.writeln("				<p>");
document.writeln("					<span>联系电话：0571-85212195</span>  ");
document.writeln("					<span>传真地址：0571-85211715</span>");
document.writeln("					<span></span> ");
document.writeln("					<span>所在地址：浙江省杭州市曙光路53号</span> ");
document.writeln("				</p>");
document.writeln("				<p>");
document.writeln("					<span>主办单位：浙江省文化广电和旅游厅</span>");
document.writeln("					<span>网站标识码 ：3300000028</span>");
document.writeln("					<img src=\"https://zjjcmspublic.oss-cn-hangzhou-zwynet-d01-a.internet.cloud.zj.gov.cn/jcms_files/jcms1/web3214/site/picture/1731/2209141126259636141.png?0.3556835508330525\" /><a href=\"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010602013062\" target=\"_blank\">浙公网安备33010602013062号</a>");
document.writeln("					<a href=\"http://beian.miit.gov.cn\">浙ICP备05066403号-2</a>");
document.writeln("	    ");
document.writeln("				</p>");
document.writeln("			</div>");
document.writeln("		</div>");
document.writeln("		<div class=\"footer_right\">");
document.writeln("			<a href=\"http://bszs.conac.cn/sitename?method=show&id=071678DB373A535CE053012819AC1381\" target=\"_blank\">");
document.writeln("				<img src=\"https://zjjcmspublic.oss-cn-hangzhou-zwynet-d01-a.internet.cloud.zj.gov.cn/jcms_files/jcms1/web3214/site/picture/1731/2209141111286865826.png?0.9811998488912002\" />");
document.writeln("			</a>");
document.writeln("			<script id=\"_jiucuo_\" sitecode=\"3300000028\" src=\"https://zfwzgl.www.gov.cn/exposure/jiucuo.js\"></script>");
document.writeln("		</div>");
document.writeln("	</div>");
document.writeln("</div>");
document.writeln("<style>");
document.writeln(".xxgk_head .foot {");
document.writeln("    width: 100%;");
document.writeln("    height: auto;");
document.writeln("    background: #1c6ce4;");
document.writeln("}")
document.writeln("/*通用公用样式*/");
document.writeln("*{ margin: 0px; padding: 0px; }");
document.writeln("img, input, button { border: none; outline: none; }");
document.writeln("a { color: #333333; }");
document.writeln("a:hover { color: #ad1616; /*cursor: pointer;*/ text-decoration: none; }");
document.writeln("ul li, ol li { list-style-type: none; }");
document.writeln("body { background-color: #ffffff; font-family: \"microsoft Yahei\"; }");
document.writeln(".clearfix { zoom: 1; }");
document.writeln(".clearfix:after { content: \"020\"; height: 0px; display: block; overflow: hidden; clear: both; }");
document.writeln("/*去除系统默认样式*/");
document.writeln(".foot{");
document.writeln("	width: 100%;");
document.writeln("	height: auto;");
document.writeln("	background: #9d1515;");
document.writeln("}");
document.writeln(".footer{");
document.writeln("	width: 1200px;");
document.writeln("	margin: 0 auto;");
document.writeln("}");
document.writeln(".footer_left{");
document.writeln("	float: left;");
document.writeln("	margin-top: 30px;");
document.writeln("}");
document.writeln(".mobile_type .new_boount{");
document.writeln("	display: none;");
document.writeln("	}");
document.writeln(".mobile_type #aria77cpmz8ftb{");
document.writeln("	display: none;");
document.writeln("}");
document.writeln(".footer_left ul li{");
document.writeln("	float: left;");
document.writeln("	font-weight: 400;");
document.writeln("	font-size: 16px;");
document.writeln("	line-height: 30px;");
document.writeln("	text-align: left;");
document.writeln("	padding-left: 24px;");
document.writeln("	background: url(https://zjjcmspublic.oss-cn-hangzhou-zwynet-d01-a.internet.cloud.zj.gov.cn/jcms_files/jcms1/web3214/site/picture/1731/2209141146143811806.png?0.7809394176787212) no-repeat left 10px center;");
document.writeln("	background-size: 2px 17px;");
document.writeln("}");
document.writeln(".footer_left ul li:first-child{");
document.writeln("	padding-left: 0;");
document.writeln("	background: none;");
document.writeln("}");
document.writeln(".footer_left ul li a{				");
document.writeln("	color: #fff;");
document.writeln("}");
document.writeln(".footer_left_nr{");
document.writeln("	margin-top: 15px;");
document.writeln("}");
document.writeln(".contbox2_box_top a:hover{");
document.writeln("		color:#fff;");
document.writeln("}");
document.writeln(".footer_left_nr p{");
document.writeln("	font-weight: 400;");
document.writeln("	font-size: 16px;");
document.writeln("	line-height: 30px;");
document.writeln("	text-align: left;");
document.writeln("	color: #fff;");
document.writeln("}");
document.writeln(".footer_left_nr p span{");
document.writeln("    font-size: 16px;");
document.writeln("    color: #fff;");
document.writeln("}");
document.writeln(".footer_left_nr p span,.footer_left_nr p img,.footer_left_nr p a{");
document.writeln("	vertical-align: middle;");
document.writeln("	padding-left: 5px;");
document.writeln("}");
document.writeln(".footer_left_nr p span:first-child{");
document.writeln("	padding-left: 0;");
document.writeln("}");
document.writeln(".footer_left_nr p a{");
document.writeln("	color: #FFF;");
document.writeln("}");
document.writeln(".footer_right{");
document.writeln("	float: right;");
document.writeln("	line-height: 156px;");
document.writeln("}");
document.writeln("/* 进入老年版鼠标光标变大 begin */");
document.writeln(".old_type a.default_pgPrevDisabled,.old_type a.default_pgFirstDisabled,.old_type a.default_pgLastDisabled,.old_type a.default_pgNextDisabled,.old_type * {");
document.writeln("    cursor: url(//zjjcmspublic.oss-cn-hangzhou-zwynet-d01-a.internet.cloud.zj.gov.cn/jcms_files/jcms1/web3096/site/images/1/cur/mouse_default.cur), auto !important;");
document.writeln("}");
document.writeln(".old_type a, .old_type a img, .old_type a span,.old_type input[type=\"submit\"],.old_type .swiper-button-prev,.old_type .swiper-button-next,.old_type .swiper-pagination-bullet,.old_type #_span_jiucuo,.old_type .FriendLinksItem p,.old_type .old_boount,.old_type .wza,.old_type .search-area .searchbutton{");
document.writeln("	cursor: url(//zjjcmspublic.oss-cn-hangzhou-zwynet-d01-a.internet.cloud.zj.gov.cn/jcms_files/jcms1/web3096/site/images/1/cur/pointer.cur), auto !important;");
document.writeln("}");
document.writeln("");
document.writeln(".mobile_type .sy_MainContentTitle li{");
document.writeln("	padding-left:0.5vw;");
document.writeln("}");
document.writeln(".FriendLinksItem p {");
document.writeln("    font-weight: 400;");
document.writeln("    font-size: 16px;");
document.writeln("    text-align: left;");
document.writeln("    color: #fff;");
document.writeln("    cursor: pointer;");
document.writeln("}");
document.writeln(".old_type a:hover {");
document.writeln("    color:#80A3B9;");
document.writeln("}");
document.writeln("/* 进入老年版鼠标光标变大 end */");
document.writeln("");
document.writeln("/*老年版通用底部*/");
document.writeln(".old_type .footer_left ul {");
document.writeln("    margin: 0 155px;");
document.writeln("}");
document.writeln(".old_type .footer_left ul li {");
document.writeln("    float: left;");
document.writeln("    font-weight: 400;");
document.writeln("    font-size: 36px;");
document.writeln("    line-height: 72px;");
document.writeln("    text-align: left;");
document.writeln("    padding-left: 39px;");
document.writeln("    background: url(https://zjjcmspublic.oss-cn-hangzhou-zwynet-d01-a.internet.cloud.zj.gov.cn/jcms_files/jcms1/web3214/site/picture/1731/2209141146143811806.png?0.7809394176787212) no-repeat left 17px center;");
document.writeln("    background-size: 4px 36px;");
document.writeln("}");
document.writeln(".old_type .footer_left_nr {");
document.writeln("    margin-top: 20px;");
document.writeln("}");
document.writeln(".old_type .footer_left_nr p {");
document.writeln("    font-weight: 400;");
document.writeln("    font-size: 36px;");
document.writeln("    line-height: 72px;");
document.writeln("    text-align: left;");
document.writeln("    color: #fff;");
document.writeln("}");
document.writeln(".old_type .footer_left_nr p span {");
document.writeln("    display: block;");
document.writeln("    width: 50%;");
document.writeln("    float: left;");
document.writeln("}");
document.writeln(".old_type .footer_left_nr p img {");
document.writeln("    width: 40px;");
document.writeln("}");
document.writeln(".old_type .footer_left_nr p a:last-child {");
document.writeln("    margin-left: 54px;");
document.writeln("}");
document.writeln(".old_type .footer_right {");
document.writeln("    float: right;");
document.writeln("    line-height: 168px;");
document.writeln("    margin: 10px 456px;");
document.writeln("}");
document.writeln(".old_type .footer_right img {");
document.writeln("    width: auto;");
document.writeln("    height: 95px;");
document.writeln("}");
document.writeln(".old_type .footer_left ul li:first-child {");
document.writeln("    padding-left: 0;");
document.writeln("    background: none;");
document.writeln("}");
document.writeln("");
document.writeln(".old_type .footer_left_nr p span {");
document.writeln("    display: block;");
document.writeln("    width: 49%;");
document.writeln("    float: left;");
document.writeln("    font-weight: 400;");
document.writeln("    font-size: 36px;");
document.writeln("    line-height: 72px;");
document.writeln("    text-align: left;");
document.writeln("    color: #fff;");
document.writeln("    font-family: 微软雅黑;");
document.writeln("}");
document.writeln(".old_type .nb_list > .a_herf > .nb_tit> .li_span {");
document.writeln("    font-size: 42px;");
document.writeln("    float: left;");
document.writeln("    margin-right: 10px;");
document.writeln("    line-height: 72px;");
document.writeln("}");
document.writeln(".old_type .xxgkdqwz {");
document.writeln("    font-size: 24px;");
document.writeln("    height: auto !important;");
document.writeln("    line-height: 48px;");
document.writeln("}");
document.writeln("/*通用底部*/");
document.writeln(".mobile_type .foot {");
document.writeln("    width: 100%;");
document.writeln("    height: auto;");
document.writeln("    background: #9d1515;");
document.writeln("}");
document.writeln(".mobile_type .footer {");
document.writeln("    width: 96vw;");
document.writeln("    margin: 0 auto;");
document.writeln("}");
document.writeln(".mobile_type .footer_left {");
document.writeln("    float: left;");
document.writeln("    margin-top: 5vw;");
document.writeln("}");
document.writeln(".mobile_type .footer_left ul li {");
document.writeln("    float: left;");
document.writeln("    font-weight: 400;");
document.writeln("    font-size: 4vw;");
document.writeln("    line-height: 10vw;");
document.writeln("    text-align: left;");
document.writeln("    padding-left: 3vw;");
document.writeln("    background: none;");
document.writeln("    background-size: none;");
document.writeln("}");
document.writeln(".mobile_type .footer_left ul li:first-child {");
document.writeln("    padding-left: 0;");
document.writeln("    background: none;");
document.writeln("    display: none;");
document.writeln("}");
document.writeln(".mobile_type .footer_left ul li:nth-child(2){");
document.writeln("    display: none;");
document.writeln("}");
document.writeln(".mobile_type .footer_left_nr {");
document.writeln("    margin-top: 3vw;");
document.writeln("}");
document.writeln(".mobile_type.xxgk_head .wza{");
document.writeln("	display: none;");
document.writeln("}");
document.writeln(".mobile_type .footer_left_nr p {");
document.writeln("    font-weight: 400;");
document.writeln("    font-size: 4vw;");
document.writeln("    line-height: 7vw;");
document.writeln("    text-align: left;");
document.writeln("    color: #fff;");
document.writeln("}");
document.writeln(".mobile_type.xxgk_head .foot{");
document.writeln("	background: #1c6ce4;");
document.writeln("}");
document.writeln(".mobile_type .footer_left_nr p span,.mobile_type .footer_left_nr p img,.mobile_type .footer_left_nr p a {");
document.writeln("    vertical-align: middle;");
document.writeln("    padding-left: 0;");
document.writeln("}");
document.writeln(".mobile_type .footer_left ul {");
document.writeln("    margin: 0 auto;");
document.writeln("    width: 65vw;");
document.writeln("}");
document.writeln(".mobile_type .footer_right {");
document.writeln("    float: right;");
document.writeln("    line-height: 20vw;");
document.writeln("    margin: 0 25vw;");
document.writeln("}");
document.writeln(".mobile_type .footer_right img {");
document.writeln("    width: auto;");
document.writeln("    height: 15vw;");
document.writeln("}");
document.writeln("");
document.writeln(".mobile_type .zd_list ul li iframe{");
document.writeln("	height: auto !important;");
document.writeln("}");
document.writeln(".mobile_type .fr_nb iframe{");
document.writeln("	height: auto !important;");
document.writeln("}");
document.writeln(".old_type .default_pgLastDisabled {");
document.writeln("  background: url(http://www.zj.gov.cn/module/jpage/theme/xc/images/last_disabled.gif) no-repeat center;");
document.writeln("  cursor: auto;");
document.writeln("  background-size: contain;");
document.writeln("}");
document.writeln(".old_type .default_pgNextDisabled {");
document.writeln("  background: url(http://www.zj.gov.cn/module/jpage/theme/xc/images/next_disabled.gif) no-repeat center;");
document.writeln("  cursor: auto;");
document.writeln("  background-size: contain;");
document.writeln("}");
document.writeln("</style>");
document.writeln("<script defer async type=\"text/javascript\" src=\"//wza.zj.gov.cn/dist/aria.js?appid=3321bb221b42a3439d70d5472a1bd807\" charset=\"utf-8\"></script>");

//加入收藏
function show_Favorite(sURL, sTitle) {
    sURL = encodeURI(sURL);
    try {
        window.external.addFavorite(sURL, sTitle);
    } catch (e) {
        try { window.sidebar.addPanel(sTitle, sURL, ""); } catch (e) {
            alert("加入收藏失败，请使用Ctrl+D进行添加,或手动在浏览器里进行设置.");
        }
    }
}
function showList(id, num) {
    if (num == 1) {
        document.getElementById(id).style.display = "block"
    } else {
        document.getElementById(id).style.display = "none"
    }
}
function show_index(url) {
    if (document.all) {
        document.body.style.behavior = 'url(#default#homepage)';
        document.body.setHomePage(url);
    } else {
        alert("您好,您的浏览器不支持自动设置页面为首页功能,请您手动在浏览器里设置该页面为首页!");
    }
}

// 判断老年版和普通版
var storage = window.localStorage;
// 获取浏览器页面宽度
var clientWidth = window.screen.width;
// 判断localstorage存储中是否含有key为mode，true则是老年版，添加老年版class类名old_type
if (storage.hasOwnProperty("mode")) {
	$("body").addClass("old_type");
} else {
	$("body").removeClass("old_type");
}
// 进入老年版按钮点击，创建存储键值，并在body添加class类名
$(".new_boount").click(function() { // 进入老年版按钮点击
	$("body").addClass("old_type");
	storage.setItem("mode", 2);
});
// 退出老年版按钮点击，删除存储键值，并移除body的class类名
$(".old_boount").click(function() {
	$("body").removeClass("old_type");
	storage.removeItem("mode");
});
// 手机版，是否是移动端设备以及根据浏览器页面宽度（国产浏览器）来判断
if (navigator.userAgent.match(/mobile/i) && clientWidth <= 1024) {
	$("body").removeClass("old_type").addClass("mobile_type");
	storage.removeItem("mode");
	// 页面的head头部的meta是否有name为viemport标签，如无则添加
	if ($("meta[name=viewport]").attr("content") == null) {
		$("head").prepend(
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0, minimum-scale=1.0\">");
	}
	 else {
	 	 $("body").removeClass("mobile_type");
	 }
}

/* 给国务院所有的a标签添加title属性 */
$(function(){
    $(".govpushinfo150203 a").each(function(index,item){
        $(item).hover(function(){
            var ahtml = $(this).text();
           
            if(!$(this).attr("title")) $(this).attr("title",ahtml);
        })
    })
});
